"""Writes to the search index. Apps call ``document_index`` / ``document_remove`` from their own
services, inside their write transaction, so the index never lags behind a write.
``reindex`` rebuilds everything (or one type) in chunks, in bounded memory."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone

from threecenters.core.audit import audit_record
from threecenters.core.kit import service
from threecenters.search import backends, registry, segment
from threecenters.search.models import SearchDocument

BODY_LIMIT = 20000  # characters of a body kept for indexing and snippets
CHUNK = 500


def _words_summary(title: str, tags: list[str]) -> str:
    seen: dict[str, None] = {}
    for word in segment.tokenize(" ".join([title, *tags])):
        if len(word) > 1:
            seen[word] = None
    return " ".join(seen)[:2000]


Tokens = backends.Tokens


def _meta(type_name: str, values: dict) -> dict:
    return {
        "type": type_name,
        "is_public": values["is_public"],
        "community_id": values["community_id"],
        "year": values["year"],
        "tagset": values["tags"],
    }


def _prepare(search_type: registry.SearchType, obj: models.Model) -> tuple[dict, Tokens] | None:
    """The document row's values and the index tokens (title, tags, body) for one object."""
    document = search_type.to_document(obj)
    if document is None:
        return None
    tags = [str(t).strip()[:40] for t in document.tags if str(t).strip()][:20]
    title = str(document.title)[:300]
    body = str(document.body or "")[:BODY_LIMIT]
    values = {
        "title": title,
        "tags": ("|" + "|".join(tags) + "|") if tags else "",
        "body": body,
        "community_id": document.community_id,
        "year": document.year,
        "url": search_type.url(obj)[:300],
        "is_public": bool(search_type.is_public(obj)),
        "words": _words_summary(title, tags),
        "updated_at": timezone.now(),
    }
    tokens = (
        segment.index_tokens(title),
        segment.index_tokens(" ".join(tags)),
        segment.index_tokens(body),
    )
    return values, tokens


def _store(search_type: registry.SearchType, obj: models.Model) -> SearchDocument | None:
    prepared = _prepare(search_type, obj)
    if prepared is None:
        _delete(search_type.name, str(obj.pk))
        return None
    values, (title, tags, body) = prepared
    row, _created = SearchDocument.objects.update_or_create(
        type=search_type.name, object_id=str(obj.pk), defaults=values
    )
    backends.write(row.pk, (title, tags, body), _meta(search_type.name, values))
    return row


def _store_new(search_type: registry.SearchType, objects: list[models.Model]) -> int:
    """Index a chunk of objects that have no document yet (a rebuild): one bulk insert of the
    rows, one batched write of the tokens."""
    rows: list[SearchDocument] = []
    extra: list[tuple[Tokens, dict]] = []
    for obj in objects:
        prepared = _prepare(search_type, obj)
        if prepared is None:
            continue
        values, tokens = prepared
        rows.append(SearchDocument(type=search_type.name, object_id=str(obj.pk), **values))
        extra.append((tokens, _meta(search_type.name, values)))
    if not rows:
        return 0
    created = SearchDocument.objects.bulk_create(rows)
    backends.write_many(
        [(row.pk, tokens, meta) for row, (tokens, meta) in zip(created, extra, strict=True)]
    )
    return len(created)


def _delete(type_name: str, object_id: str) -> int:
    ids = list(
        SearchDocument.objects.filter(type=type_name, object_id=object_id).values_list(
            "id", flat=True
        )
    )
    for doc_id in ids:
        backends.delete(doc_id)
    SearchDocument.objects.filter(id__in=ids).delete()
    return len(ids)


def _type_of(obj: models.Model) -> registry.SearchType:
    search_type = registry.type_for_model(type(obj))
    if search_type is None:
        raise LookupError(f"{type(obj).__name__} is not registered with the search service")
    return search_type


@service
def document_index(*, obj: models.Model) -> SearchDocument | None:
    """Put ``obj`` into the index as its type's ``to_document`` describes it (or take it out
    when that returns ``None``). Joins the caller's transaction."""
    return _store(_type_of(obj), obj)


@service
def document_remove(*, obj: models.Model) -> int:
    """Take ``obj`` out of the index. Joins the caller's transaction."""
    return _delete(_type_of(obj).name, str(obj.pk))


def _clear_type(type_name: str) -> None:
    while True:
        with transaction.atomic():
            batch = list(
                SearchDocument.objects.filter(type=type_name)
                .order_by("id")
                .values_list("id", flat=True)[:5000]
            )
            if not batch:
                return
            for doc_id in batch:
                backends.delete(doc_id)
            SearchDocument.objects.filter(id__in=batch).delete()


def reindex(
    *,
    type_name: str | None = None,
    chunk: int = CHUNK,
    progress: Callable[[str, int], None] | None = None,
    actor=None,
) -> dict[str, int]:
    """Rebuild the index for one type or all, walking each type's objects by primary key in
    chunks (one transaction per chunk), so memory stays bounded whatever the number of rows."""
    types = registry.all_types()
    if type_name is not None:
        search_type = registry.get_type(type_name)
        if search_type is None:
            raise LookupError(type_name)
        types = [search_type]
    counts: dict[str, int] = {}
    if type_name is None:
        with transaction.atomic():
            backends.delete_all()
            SearchDocument.objects.all().delete()
    for search_type in types:
        if type_name is not None:
            _clear_type(search_type.name)
        counts[search_type.name] = 0
        last_pk = None
        while True:
            qs = search_type.all_objects().order_by("pk")
            if last_pk is not None:
                qs = qs.filter(pk__gt=last_pk)
            objects = list(qs[:chunk])
            if not objects:
                break
            with transaction.atomic():
                counts[search_type.name] += _store_new(search_type, objects)
            last_pk = objects[-1].pk
            del objects
            if progress:
                progress(search_type.name, counts[search_type.name])
    audit_record(actor=actor, action="search.reindex", changes={"counts": counts})
    return counts
