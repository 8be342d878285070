"""Reads from the search index: ``search(...)`` for the page and the API, ``related(...)`` for
"see also" lists."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from threecenters.core.models import Area
from threecenters.core.paging import decode_cursor, encode_cursor
from threecenters.search import backends, registry, segment
from threecenters.search.backends import Filters, Term
from threecenters.search.models import SearchDocument
from threecenters.search.query import ParsedQuery, highlight, needles_for, parse, snippet

FACET_WINDOW = 200  # facets count the best 200 matches
MAX_SIZE = 50
STAGE_WORDS, STAGE_CHARACTERS, STAGE_FUZZY = "w", "c", "f"


@dataclass
class SearchHit:
    type: str
    type_label: str
    title: str
    url: str
    title_html: SafeString
    snippet: SafeString
    score: float
    community: str
    year: int | None
    tags: list[str]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    items: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    next_cursor: str | None = None
    suggestion: str | None = None
    fuzzy: bool = False

    @property
    def empty(self) -> bool:
        return not self.items


def _filters(*, types, community, tag, year, user) -> Filters:
    names = tuple(t for t in (types or []) if registry.get_type(t) is not None)
    private = tuple(
        t.name for t in registry.all_types() if user is not None and t.can_see_private(user)
    )
    scoped: list[tuple[str, tuple[int, ...]]] = []
    if user is not None:
        for search_type in registry.all_types():
            if search_type.name in private or search_type.private_communities is None:
                continue
            ids = tuple(sorted({int(i) for i in search_type.private_communities(user)}))
            if ids:
                scoped.append((search_type.name, ids))
    community_id = None
    if isinstance(community, Area):
        community_id = community.pk
    elif community not in (None, ""):
        community_id = (
            Area.objects.filter(slug=str(community)[:50], level=Area.Level.COMMUNITY)
            .values_list("id", flat=True)
            .first()
        ) or -1
    year_value = None
    if year not in (None, ""):
        try:
            year_value = int(year)
        except (TypeError, ValueError):
            year_value = -1
        if not 1900 <= year_value <= 2999:
            year_value = -1
    return Filters(
        types=names,
        community_id=community_id,
        tag=(str(tag).strip()[:40] or None) if tag else None,
        year=year_value,
        include_private_types=private,
        private_communities=tuple(scoped),
    )


def _stage_terms(parsed: ParsedQuery, stage: str) -> list[Term]:
    return list(parsed.character_terms() if stage == STAGE_CHARACTERS else parsed.terms)


def _run(parsed: ParsedQuery, filters: Filters, stage: str, *, limit: int, after=None):
    if stage == STAGE_FUZZY:
        if after is not None:
            return []
        return backends.fuzzy_titles(parsed.text, filters, limit=limit)
    return backends.ranked(_stage_terms(parsed, stage), filters, limit=limit, after=after)


def _choose_stage(parsed: ParsedQuery, filters: Filters) -> tuple[str, list[tuple[int, float]]]:
    """Whole words first; if nothing matches, characters in sequence (finds text that was
    segmented differently); on PostgreSQL, then similar titles by trigrams."""
    window = _run(parsed, filters, STAGE_WORDS, limit=FACET_WINDOW)
    if window:
        return STAGE_WORDS, window
    if parsed.character_terms() != parsed.terms:
        window = _run(parsed, filters, STAGE_CHARACTERS, limit=FACET_WINDOW)
        if window:
            return STAGE_CHARACTERS, window
    return STAGE_FUZZY, _run(parsed, filters, STAGE_FUZZY, limit=FACET_WINDOW)


def _facets(rows: list[dict]) -> dict[str, list[FacetValue]]:
    types: Counter = Counter()
    communities: Counter = Counter()
    tags: Counter = Counter()
    years: Counter = Counter()
    names: dict[str, str] = {}
    for row in rows:
        types[row["type"]] += 1
        if row["community__slug"]:
            communities[row["community__slug"]] += 1
            names[row["community__slug"]] = row["community__name"]
        if row["year"]:
            years[str(row["year"])] += 1
        for tag in row["tags"].split("|"):
            if tag:
                tags[tag] += 1

    def label_of_type(name: str) -> str:
        search_type = registry.get_type(name)
        return str(search_type.label) if search_type else name

    return {
        "type": [
            FacetValue(k, label_of_type(k), v)
            for k, v in sorted(types.items(), key=lambda i: (-i[1], i[0]))
        ],
        "community": [
            FacetValue(k, names[k], v)
            for k, v in sorted(communities.items(), key=lambda i: (-i[1], i[0]))
        ],
        "tag": [
            FacetValue(k, k, v) for k, v in sorted(tags.items(), key=lambda i: (-i[1], i[0]))[:20]
        ],
        "year": [FacetValue(k, k, v) for k, v in sorted(years.items(), reverse=True)],
    }


def suggest(parsed: ParsedQuery, filters: Filters | None = None) -> str | None:
    """ "Did you mean": the dictionary term closest to the whole query, else each word that
    finds nothing replaced by its closest dictionary term."""
    terms = segment.dictionary_terms()
    typed = "".join(parsed.words) + "".join(parsed.phrases)
    if len(typed) >= 2 and typed not in terms:
        whole = difflib.get_close_matches(typed, terms, n=1, cutoff=0.6)
        if whole:
            return whole[0]
    filters = filters or Filters()
    changed = False
    out: list[str] = []
    for word in parsed.words:
        best = word
        if (
            len(word) >= 2
            and word not in terms
            and not backends.ranked([Term((word,))], filters, limit=1)
        ):
            candidates = difflib.get_close_matches(word, terms, n=1, cutoff=0.6)
            if candidates:
                best = candidates[0]
                changed = True
        out.append(best)
    return " ".join(dict.fromkeys(out)) if changed else None


def search(
    *,
    query: str | None,
    types: list[str] | None = None,
    community: Area | str | None = None,
    tag: str | None = None,
    year: int | str | None = None,
    cursor: str | None = None,
    size: int = 20,
    user=None,
) -> SearchResults:
    parsed = parse(query)
    results = SearchResults(query=parsed.text)
    if parsed.empty:
        return results
    size = max(1, min(int(size), MAX_SIZE))
    filters = _filters(types=types, community=community, tag=tag, year=year, user=user)
    stage, window = _choose_stage(parsed, filters)
    results.fuzzy = stage == STAGE_FUZZY and bool(window)
    after = decode_cursor(cursor)
    if after and after.get("s") == stage and isinstance(after.get("id"), int):
        try:
            position = (float(after["sc"]), int(after["id"]))
        except (KeyError, TypeError, ValueError):
            position = None
        page = (
            _run(parsed, filters, stage, limit=size + 1, after=position)
            if position
            else window[: size + 1]
        )
    else:
        page = window[: size + 1]
    if len(page) > size:
        last = page[size - 1]
        results.next_cursor = encode_cursor({"s": stage, "sc": last[1], "id": last[0]})
        page = page[:size]
    rows = {
        row["id"]: row
        for row in SearchDocument.objects.filter(id__in=[doc_id for doc_id, _ in window]).values(
            "id", "type", "tags", "year", "community__slug", "community__name"
        )
    }
    results.facets = _facets([rows[doc_id] for doc_id, _ in window if doc_id in rows])
    documents = SearchDocument.objects.select_related("community").in_bulk([d for d, _ in page])
    needles = needles_for(parsed)
    for doc_id, score in page:
        doc = documents.get(doc_id)
        if doc is None:
            continue
        search_type = registry.get_type(doc.type)
        results.items.append(
            SearchHit(
                type=doc.type,
                type_label=str(search_type.label) if search_type else doc.type,
                title=doc.title,
                url=doc.url,
                title_html=highlight(doc.title, needles),
                snippet=snippet(doc.body, needles),
                score=round(score, 6),
                community=doc.community.name if doc.community else "",
                year=doc.year,
                tags=doc.tag_list,
            )
        )
    if results.empty:
        results.suggestion = suggest(parsed, filters)
    return results


def similar(
    *,
    text: str,
    types: list[str],
    limit: int = 5,
    user=None,
    exclude: set[tuple[str, str]] | frozenset = frozenset(),
    ignore: set[str] | frozenset = frozenset(),
) -> list[tuple[SearchDocument, list[str]]]:
    """Documents sharing the most words with ``text`` (best first), each with the words it
    shares; ``exclude`` holds (type, object id) pairs to leave out, ``ignore`` words too common
    to mean anything for the caller."""
    words = list(
        dict.fromkeys(w for w in segment.tokenize(text or "") if len(w) > 1 and w not in ignore)
    )[:8]
    if not words:
        return []
    filters = _filters(types=types, community=None, tag=None, year=None, user=user)
    scores: Counter = Counter()
    shared: dict[int, list[str]] = {}
    for word in words:
        for doc_id, score in backends.ranked([Term((word,))], filters, limit=50):
            scores[doc_id] += 1 + score / 100
            shared.setdefault(doc_id, []).append(word)
    ranked = [doc_id for doc_id, _ in sorted(scores.items(), key=lambda i: (-i[1], i[0]))]
    found = SearchDocument.objects.select_related("community").in_bulk(
        ranked[: limit + len(exclude)]
    )
    out: list[tuple[SearchDocument, list[str]]] = []
    for doc_id in ranked[: limit + len(exclude)]:
        doc = found.get(doc_id)
        if doc is None or (doc.type, doc.object_id) in exclude:
            continue
        out.append((doc, shared[doc_id]))
        if len(out) == limit:
            break
    return out


def related(*, type_name: str, object_id: str, limit: int = 5, user=None) -> list[SearchDocument]:
    """Documents of the same type sharing the most words and tags with one document (best
    first)."""
    doc = SearchDocument.objects.filter(type=type_name, object_id=str(object_id)).first()
    if doc is None:
        return []
    return [
        other
        for other, _words in similar(
            text=doc.words,
            types=[type_name],
            limit=limit,
            user=user,
            exclude={(type_name, str(object_id))},
        )
    ]
