"""Every write to the kernel's records: keyword-only, one transaction, audited."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.utils import timezone

from threecenters.core.audit import audit_record, changed_fields
from threecenters.core.kit import service
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
    *, actor: User, article: Article, publish: bool | None = None, **fields
) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = model_to_dict(article, fields=[*ARTICLE_FIELDS, "status"])
    for name, value in fields.items():
        if name not in ARTICLE_FIELDS:
            raise TypeError(f"article_update() got an unexpected field {name!r}")
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
def center_create(*, actor: User, subdistrict: Area, kind: str, **fields) -> Center:
    """A subdistrict's center of one kind (the reference data the system administrator keeps)."""
    unknown = set(fields) - set(CENTER_FIELDS)
    if unknown:
        raise TypeError(f"center_create() got unexpected fields {sorted(unknown)!r}")
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
    *, actor: User, center: Center, cover: ValidatedImage | None = None, **fields
) -> Center:
    """Update a center's page; ``cover`` is an image already checked by core.uploads."""
    center = Center.objects.select_for_update().get(pk=center.pk)
    before = model_to_dict(center, fields=CENTER_FIELDS)
    before["cover"] = center.cover.name
    if cover is not None:
        center.cover.save(f"center-{center.pk}.{cover.extension}", cover.content, save=False)
    for name, value in fields.items():
        if name not in CENTER_FIELDS:
            raise TypeError(f"center_update() got an unexpected field {name!r}")
        setattr(center, name, _center_text(name, value))
    center.full_clean()
    center.save()
    after = model_to_dict(center, fields=CENTER_FIELDS)
    after["cover"] = center.cover.name
    audit_record(
        actor=actor, action="center.update", obj=center, changes=changed_fields(before, after)
    )
    return center


@service
def organisation_create(*, actor: User, subdistrict: Area, **fields) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"organisation_create() got unexpected fields {sorted(unknown)!r}")
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
def organisation_update(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = model_to_dict(organisation, fields=ORGANISATION_FIELDS)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise TypeError(f"organisation_update() got an unexpected field {name!r}")
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
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
