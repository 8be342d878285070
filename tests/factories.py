"""factory_boy factories for the records most tests start from.

Reference data (areas, centers, organisations, resident profiles) is plain rows. Everything a
person does (an account with its role, an event, a sign-up, a proposal, a case) is made through
the same service the pages and the API call, so a test's starting point obeys the rules the code
under test relies on: ``_create`` hands the factory's values to the service.

    event = EventFactory(actor=staff, center=center, capacity=2)
    registration = RegistrationFactory(event=event, person=resident)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from threecenters.core.accounts import account_create
from threecenters.core.models import Area, Center, Organisation, RoleAssignment, User
from threecenters.people.models import ResidentProfile

Role = RoleAssignment.Role
PASSWORD = "Tc-test-pass-2026"


# ---------------------------------------------------------------- reference data
class AreaFactory(factory.django.DjangoModelFactory):
    """A subdistrict unless told otherwise."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试街道{n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    level = Area.Level.SUBDISTRICT
    parent = None


class CommunityFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"测试社区{n}")
    level = Area.Level.COMMUNITY
    parent = factory.SubFactory(AreaFactory)


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    subdistrict = factory.SubFactory(AreaFactory)
    kind = Center.Kind.GOVERNANCE
    name = factory.LazyAttribute(lambda o: str(Center.Kind(o.kind).label))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organisation.Kind.ENTERPRISE
    subdistrict = factory.SubFactory(AreaFactory)
    community = None
    verification = Organisation.Verification.VERIFIED


# ---------------------------------------------------------------- people
class UserFactory(factory.django.DjangoModelFactory):
    """An account that signs in with ``PASSWORD``. With a ``role`` (and its scope: ``area``,
    ``center`` or ``organisation``) it is made by ``account_create``, as createadmin, the CLI's
    ``user create`` and the demo seed make them; without, a bare account."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.SelfAttribute("username")
    role = None
    area = None
    center = None
    organisation = None

    @classmethod
    def _create(cls, model_class, *, role, area, center, organisation, **fields):
        if role is None:
            return model_class.objects.create_user(password=PASSWORD, **fields)
        return account_create(
            login=fields.pop("username"),
            display_name=fields.pop("display_name"),
            role=role,
            area=area,
            center=center,
            organisation=organisation,
            password=PASSWORD,
            label="test",
            **fields,
        )


class ResidentProfileFactory(factory.django.DjangoModelFactory):
    """A resident's profile in a community (the person's account comes with it)."""

    class Meta:
        model = ResidentProfile
        django_get_or_create = ("user",)

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(
        UserFactory, role=Role.RESIDENT, area=factory.SelfAttribute("..community")
    )
    address = "锦华苑 5 栋"


# ---------------------------------------------------------------- what people do
class EventFactory(factory.Factory):
    """An event three days ahead, created (and unless ``publish=False``, published) by
    ``actor`` through the events services."""

    class Meta:
        model = dict  # the service makes the Event

    actor = None
    center = None
    publish = True
    title = "茗茶飘香·百味人生"
    venue = "大井社区党群服务中心"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3, hours=2))
    capacity = 10

    @classmethod
    def _create(cls, model_class, *, actor, center, publish, **values):
        from threecenters.events import services

        event = services.event_create(actor=actor, center=center, **values)
        if publish:
            services.event_publish(actor=actor, event=event)
        return event


class RegistrationFactory(factory.Factory):
    """A person's sign-up for an event, through ``registration_create`` (a full event puts
    the person on its waitlist, as for anyone)."""

    class Meta:
        model = dict

    event = None
    person = None
    companions = 0

    @classmethod
    def _create(cls, model_class, *, event, person, companions):
        from threecenters.events import services

        registration, _created = services.registration_create(
            event=event, person=person, companions=companions
        )
        return registration


PROPOSAL = {
    "title": "锦华苑架空层社区活动中心",
    "type": "activity_space",
    "address": "锦华苑小区 5 栋",
    "building_part": "架空层",
    "latitude": Decimal("30.624100"),
    "longitude": Decimal("103.939200"),
    "area_m2": Decimal("60.00"),
    "expected_daily_participants": 80,
    "target_groups": "老年人、儿童",
    "opening_hours": "9:00–21:00",
    "budget_fen": 18_000_000,
    "funding_source": "security_fund",
    "duration_months": 12,
    "description": "利用架空层改造社区活动中心，设置老年活动区和儿童阅读角。",
}


class ProposalFactory(factory.Factory):
    """A complete proposal saved by a community worker (``actor``) for ``community``, a draft
    unless ``submit=True``."""

    class Meta:
        model = dict

    actor = None
    community = None
    submit = False

    @classmethod
    def _create(cls, model_class, *, actor, community, submit, **fields):
        from threecenters.proposals import services

        proposal = services.proposal_save(
            actor=actor, community=community, **{**PROPOSAL, **fields}
        )
        if submit:
            proposal = services.proposal_submit(actor=actor, proposal=proposal)
        return proposal


class CaseFactory(factory.Factory):
    """A governance case written (and unless ``publish=False``, published) by ``actor``."""

    class Meta:
        model = dict

    actor = None
    subdistrict = None
    community = None
    publish = True
    title = "测试案例"
    tags = ("测试",)
    summary = "测试用的案例摘要。"
    measures = "测试用的主要做法。"
    period_start = date(2020, 3, 1)

    @classmethod
    def _create(cls, model_class, *, actor, subdistrict, publish, tags, **fields):
        from threecenters.governance import services

        case = services.case_create(actor=actor, subdistrict=subdistrict, tags=list(tags), **fields)
        if publish:
            case = services.case_publish(actor=actor, case=case)
        return case
