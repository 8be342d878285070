"""Every write to the kernel's records: keyword-only, one transaction, audited."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.utils import timezone

from threecenters.core.audit import audit_record, changed_fields
from threecenters.core.kit import UNSET, given, service
from threecenters.core.masking import masked_changes
from threecenters.core.models import Area, Article, Center, Organisation, User
from threecenters.core.richtext import sanitize_html
from threecenters.core.uploads import ValidatedImage

ARTICLE_FIELDS = ["title", "summary", "body", "center", "community"]
CENTER_FIELDS = ["name", "tagline", "description", "address", "phone", "opening_hours"]
ORGANISATION_FIELDS = [
    "name",
    "kind",
    "community",
    "credit_code",
    "intro",
    "address",
    "contact_name",
    "contact_mobile",
    "verification",
]
PERSONAL_FIELDS = {"contact_name", "contact_mobile"}


def _masked(changes: dict) -> dict:
    return masked_changes(changes, PERSONAL_FIELDS)


@service
def article_create(
    *,
    actor: User,
    subdistrict: Area,
    title: str,
    body: str,
    summary: str = "",
    center: Center | None = None,
    community: Area | None = None,
    publish: bool = False,
) -> Article:
    article = Article.objects.create(
        subdistrict=subdistrict,
        center=center,
        community=community,
        title=title.strip(),
        summary=summary.strip(),
        body=sanitize_html(body),
        author=actor,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    audit_record(
        actor=actor, action="article.create", obj=article, changes={"status": article.status}
    )
    return article


@service
def article_update(
    *,
    actor: User,
    article: Article,
    publish: bool | None = None,
    title: str = UNSET,
    summary: str = UNSET,
    body: str = UNSET,
    center: Center | None = UNSET,
    community: Area | None = UNSET,
) -> Article:
    """Change the fields given (the rest stay); ``publish`` True publishes, False unpublishes."""
    fields = given(title=title, summary=summary, body=body, center=center, community=community)
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = model_to_dict(article, fields=[*ARTICLE_FIELDS, "status"])
    for name, value in fields.items():
        if name == "body":
            value = sanitize_html(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(article, name, value)
    if publish is True and article.status != Article.Status.PUBLISHED:
        article.status = Article.Status.PUBLISHED
        article.published_at = timezone.now()
    elif publish is False:
        article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    after = model_to_dict(article, fields=[*ARTICLE_FIELDS, "status"])
    audit_record(
        actor=actor, action="article.update", obj=article, changes=changed_fields(before, after)
    )
    return article


COVER_MAX_BYTES = 5 * 1024 * 1024


def _center_text(name: str, value):
    if name == "description":
        return sanitize_html(value)
    return value.strip() if isinstance(value, str) else value


@service
def center_create(
    *,
    actor: User,
    subdistrict: Area,
    kind: str,
    name: str,
    tagline: str = "",
    description: str = "",
    address: str = "",
    phone: str = "",
    opening_hours: str = "",
) -> Center:
    """A subdistrict's center of one kind (the reference data the system administrator keeps)."""
    fields = {
        "name": name,
        "tagline": tagline,
        "description": description,
        "address": address,
        "phone": phone,
        "opening_hours": opening_hours,
    }
    center = Center(
        subdistrict=subdistrict,
        kind=kind,
        **{name: _center_text(name, value) for name, value in fields.items()},
    )
    center.full_clean()
    center.save()
    after = model_to_dict(center, fields=["subdistrict", "kind", *CENTER_FIELDS])
    audit_record(actor=actor, action="center.create", obj=center, changes=changed_fields({}, after))
    return center


@service
def center_update(
    *,
    actor: User,
    center: Center,
    cover: ValidatedImage | None = None,
    name: str = UNSET,
    tagline: str = UNSET,
    description: str = UNSET,
    address: str = UNSET,
    phone: str = UNSET,
    opening_hours: str = UNSET,
) -> Center:
    """Update a center's page (the fields given); ``cover`` is an image already checked by
    core.uploads."""
    fields = given(
        name=name,
        tagline=tagline,
        description=description,
        address=address,
        phone=phone,
        opening_hours=opening_hours,
    )
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = model_to_dict(center, fields=CENTER_FIELDS)
    before["cover"] = center.cover.name
    if cover is not None:
        center.cover.save(f"center-{center.pk}.{cover.extension}", cover.content, save=False)
    for field, value in fields.items():
        setattr(center, field, _center_text(field, value))
    center.full_clean()
    center.save()
    after = model_to_dict(center, fields=CENTER_FIELDS)
    after["cover"] = center.cover.name
    audit_record(
        actor=actor, action="center.update", obj=center, changes=changed_fields(before, after)
    )
    return center


@service
def organisation_create(
    *,
    actor: User,
    subdistrict: Area,
    name: str = UNSET,
    kind: str = UNSET,
    community: Area | None = UNSET,
    credit_code: str = UNSET,
    intro: str = UNSET,
    address: str = UNSET,
    contact_name: str = UNSET,
    contact_mobile: str = UNSET,
    verification: str = UNSET,
) -> Organisation:
    """A new organisation with the fields given (the model's defaults for the rest)."""
    fields = given(
        name=name,
        kind=kind,
        community=community,
        credit_code=credit_code,
        intro=intro,
        address=address,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
        verification=verification,
    )
    clean = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    organisation = Organisation(subdistrict=subdistrict, **clean)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        changes=_masked({k: [None, str(v)] for k, v in clean.items() if v not in ("", None)}),
    )
    return organisation


@service
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    name: str = UNSET,
    kind: str = UNSET,
    community: Area | None = UNSET,
    credit_code: str = UNSET,
    intro: str = UNSET,
    address: str = UNSET,
    contact_name: str = UNSET,
    contact_mobile: str = UNSET,
    verification: str = UNSET,
) -> Organisation:
    """Change the fields given; the rest stay."""
    fields = given(
        name=name,
        kind=kind,
        community=community,
        credit_code=credit_code,
        intro=intro,
        address=address,
        contact_name=contact_name,
        contact_mobile=contact_mobile,
        verification=verification,
    )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = model_to_dict(organisation, fields=ORGANISATION_FIELDS)
    for field, value in fields.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    organisation.full_clean()
    organisation.save()
    after = model_to_dict(organisation, fields=ORGANISATION_FIELDS)
    audit_record(
        actor=actor,
        action="organisation.update",
        obj=organisation,
        changes=_masked(changed_fields(before, after)),
    )
    return organisation
