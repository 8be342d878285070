"""The shell's registry: what each app adds to the header, the workspace, "我的" and the pages of
a center, a community and the home page. Apps register in their ``AppConfig.ready()``, as they do
search types; core names no app.

- ``register_link(section, Link(...))``: an entry of the main navigation (``MAIN``), of the
  workspace navigation (``WORKSPACE``, with an optional badge count from the database) or of
  "我的" (``MINE``). ``perm`` (a ``rules`` permission) or ``visible`` (a predicate of the user)
  decides who sees it; ``audience`` limits it to signed-in or signed-out visitors.
- ``register_todo(Todo(...))``: an item of the workspace's to-do list (待办事项): a link to the
  page where the work is done and a count from the database of what waits there in the person's
  scope; only items with something waiting are shown.
- ``register_service(Service(...))``: an entrance to something a resident can do (sign up for an
  event, read the case library, see a 公示 …), under the center that offers it (``center_kind``)
  on the home page and on that center's page.
- ``register_panel(place, Panel(...))``: a template rendered on a center's page (``CENTER``), a
  community's page (``COMMUNITY``) or the home page (``HOME``), with the context its ``context``
  callable returns for the record shown; ``applies`` picks the records it belongs on.

Templates read ``shell.main``, ``shell.workspace``, ``shell.todos`` and ``shell.mine`` (the ``shell`` context
processor: computed on first use) and render panels with ``{% shell_panels "center" center %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.urls import get_script_prefix, reverse

MAIN = "main"
WORKSPACE = "workspace"
MINE = "mine"
SECTIONS = (MAIN, WORKSPACE, MINE)

CENTER = "center"
COMMUNITY = "community"
HOME = "home"
PLACES = (CENTER, COMMUNITY, HOME)

SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"


@dataclass(frozen=True)
class Link:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    perm: str | None = None
    visible: Callable[[Any], bool] | None = None
    audience: str | None = None  # SIGNED_IN, SIGNED_OUT or None for everyone
    badge: Callable[[Any], int] | None = None  # a count from the database (workspace)

    def shown_to(self, user) -> bool:
        signed_in = bool(user is not None and user.is_authenticated)
        if self.audience == SIGNED_IN and not signed_in:
            return False
        if self.audience == SIGNED_OUT and signed_in:
            return False
        if self.perm and not (signed_in and user.has_perm(self.perm)):
            return False
        return not (self.visible is not None and not self.visible(user))


@dataclass(frozen=True)
class Todo:
    key: str
    label: Any  # a lazy translation
    url_name: str
    count: Callable[[Any], int]  # what waits in this person's scope, counted by the database
    order: int = 100
    perm: str | None = None
    visible: Callable[[Any], bool] | None = None
    query: str = ""  # added to the URL (``state=submitted``): the page shows what was counted

    def shown_to(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        if self.perm and not user.has_perm(self.perm):
            return False
        return not (self.visible is not None and not self.visible(user))


@dataclass
class ShownTodo:
    key: str
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class Service:
    key: str
    label: Any  # a lazy translation
    url_name: str
    center_kind: str  # the kind of center (Center.Kind) that offers it
    description: Any = ""
    order: int = 100
    query: str = ""  # added to the URL; ``{center}`` is replaced by the center's id
    visible: Callable[[Any], bool] | None = None


@dataclass
class ShownService:
    key: str
    label: str
    url: str
    description: str


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int = 100
    context: Callable[[Any, Any], dict] | None = None  # (request, record) → template context
    applies: Callable[[Any], bool] | None = None  # (record) → whether the panel belongs there


@dataclass
class ShownLink:
    key: str
    label: str
    url: str
    badge: int | None = None


_links: dict[str, dict[str, Link]] = {section: {} for section in SECTIONS}
_panels: dict[str, dict[str, Panel]] = {place: {} for place in PLACES}
_todos: dict[str, Todo] = {}
_services: dict[str, Service] = {}


def register_link(section: str, link: Link) -> None:
    if section not in SECTIONS:
        raise ValueError(f"unknown shell section {section!r}")
    if link.audience not in (None, SIGNED_IN, SIGNED_OUT):
        raise ValueError(f"unknown audience {link.audience!r}")
    existing = _links[section].get(link.key)
    if existing is not None and existing != link:
        raise ValueError(f"shell link {link.key!r} is already registered in {section}")
    _links[section][link.key] = link


def register_todo(todo: Todo) -> None:
    existing = _todos.get(todo.key)
    if existing is not None and existing != todo:
        raise ValueError(f"to-do item {todo.key!r} is already registered")
    _todos[todo.key] = todo


def registered_todos() -> list[Todo]:
    return sorted(_todos.values(), key=lambda todo: (todo.order, todo.key))


def todos(user) -> list[ShownTodo]:
    """What waits for ``user``: the registered items they may see that have something waiting,
    in order, each with its count (a query each) and the link to where it is done."""
    shown = []
    for todo in registered_todos():
        if not todo.shown_to(user):
            continue
        count = todo.count(user)
        if count:
            url = _url(todo.url_name) + (f"?{todo.query}" if todo.query else "")
            shown.append(ShownTodo(todo.key, str(todo.label), url, count))
    return shown


def register_service(entry: Service) -> None:
    existing = _services.get(entry.key)
    if existing is not None and existing != entry:
        raise ValueError(f"service {entry.key!r} is already registered")
    _services[entry.key] = entry


def services(center, user=None) -> list[ShownService]:
    """The entrances ``center`` offers (by its kind), in order."""
    shown = []
    for entry in sorted(_services.values(), key=lambda e: (e.order, e.key)):
        if entry.center_kind != center.kind:
            continue
        if entry.visible is not None and not entry.visible(user):
            continue
        query = entry.query.replace("{center}", str(center.pk))
        url = _url(entry.url_name) + (f"?{query}" if query else "")
        shown.append(ShownService(entry.key, str(entry.label), url, str(entry.description)))
    return shown


def register_panel(place: str, panel: Panel) -> None:
    if place not in PLACES:
        raise ValueError(f"unknown shell place {place!r}")
    existing = _panels[place].get(panel.key)
    if existing is not None and existing != panel:
        raise ValueError(f"shell panel {panel.key!r} is already registered on {place}")
    _panels[place][panel.key] = panel


def registered_links(section: str) -> list[Link]:
    return sorted(_links[section].values(), key=lambda link: (link.order, link.key))


_reversed: dict[tuple[str, str], str] = {}


def _url(name: str) -> str:
    """reverse() once per script prefix: it is a visible share of a cheap page's cost."""
    key = (get_script_prefix(), name)
    url = _reversed.get(key)
    if url is None:
        url = _reversed[key] = reverse(name)
    return url


def links(section: str, user, *, badges: bool = False) -> list[ShownLink]:
    """The entries of ``section`` that ``user`` may see, in order, with their URLs (and badge
    counts when asked: they cost a query each)."""
    shown = []
    for link in registered_links(section):
        if not link.shown_to(user):
            continue
        count = link.badge(user) if badges and link.badge is not None else None
        shown.append(ShownLink(link.key, str(link.label), _url(link.url_name), count or None))
    return shown


def applicable(panels, record) -> list[Panel]:
    """``panels`` that belong on ``record``, in order."""
    return [
        panel
        for panel in sorted(panels, key=lambda p: (p.order, p.key))
        if panel.applies is None or panel.applies(record)
    ]


def panels(place: str, record) -> list[Panel]:
    return applicable(_panels[place].values(), record)


def render_panels(panels, *, request, record, base: dict) -> str:
    """Render ``panels`` (already chosen for ``record``) with ``base`` (the page's context), the
    record and what each panel's ``context`` adds. Safe HTML: each part is an autoescaped
    template. Other registries of panels (the event kinds) render theirs with it too."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    parts = []
    for panel in panels:
        extra = panel.context(request, record) if panel.context is not None else {}
        parts.append(render_to_string(panel.template, {**base, "record": record, **extra}))
    return mark_safe("".join(parts))  # noqa: S308 — each part is an autoescaped template


@dataclass
class Shell:
    """The navigation of one request, computed when a template first asks for it."""

    user: Any

    @cached_property
    def main(self) -> list[ShownLink]:
        return links(MAIN, self.user)

    @cached_property
    def workspace(self) -> list[ShownLink]:
        return links(WORKSPACE, self.user, badges=True)

    @cached_property
    def todos(self) -> list[ShownTodo]:
        return todos(self.user)

    @cached_property
    def mine(self) -> list[ShownLink]:
        return links(MINE, self.user)

    @cached_property
    def manage(self) -> list[ShownLink]:
        """Workspace entries without their badge counts (the profile page lists them)."""
        return links(WORKSPACE, self.user)
