"""The types of content the search service knows. Each app registers its types in
``AppConfig.ready()``::

    from threecenters.search.registry import Document, SearchType, register

    register(SearchType(
        name="case", label=_("治理案例"), model=Case,
        to_document=lambda case: Document(title=..., body=..., tags=[...], community_id=...,
                                          year=...),
        url=lambda case: case.get_absolute_url(),
        is_public=lambda case: case.status == Case.Status.PUBLISHED,
        queryset=lambda: Case.objects.select_related("community"),
    ))

and calls ``threecenters.search.services.document_index(obj=...)`` / ``document_remove(obj=...)``
inside its own write transactions. ``to_document`` may return ``None``: the object is then kept
out of the index (e.g. a draft). Non-public documents are indexed but shown only to people for
whom ``can_see_private(user)`` is true, or, when the type gives ``private_communities(user)``,
to people for the documents of the communities it returns (e.g. a community's own proposals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Document:
    title: str
    body: str = ""
    tags: tuple[str, ...] | list[str] = ()
    community_id: int | None = None
    year: int | None = None
    type: str = ""


def _nobody(user: Any) -> bool:
    return False


@dataclass(frozen=True)
class SearchType:
    name: str
    label: Any
    model: type[models.Model]
    to_document: Callable[[Any], Document | None]
    url: Callable[[Any], str]
    is_public: Callable[[Any], bool] = field(default=lambda obj: True)
    can_see_private: Callable[[Any], bool] = field(default=_nobody)
    queryset: Callable[[], Iterable[Any]] | None = None
    private_communities: Callable[[Any], Iterable[int]] | None = None

    def all_objects(self) -> models.QuerySet:
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()


_types: dict[str, SearchType] = {}


def register(search_type: SearchType) -> SearchType:
    """Register (or re-register, e.g. on a repeated ``ready()``) one type of content."""
    if not search_type.name.isidentifier() or len(search_type.name) > 32:
        raise ValueError(f"search type name must be a short identifier, got {search_type.name!r}")
    _types[search_type.name] = search_type
    return search_type


def unregister(name: str) -> None:
    _types.pop(name, None)


def get_type(name: str) -> SearchType | None:
    return _types.get(name)


def all_types() -> list[SearchType]:
    return list(_types.values())


def type_for_model(model: type[models.Model]) -> SearchType | None:
    concrete = model._meta.concrete_model
    for search_type in _types.values():
        if search_type.model._meta.concrete_model is concrete:
            return search_type
    return None
