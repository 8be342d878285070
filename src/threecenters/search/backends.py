"""The two full-text back ends over the same pre-segmented tokens.

SQLite: the FTS5 table ``search_fts`` (columns title, tags, body; rowid = document id; the
filter fields type, is_public, community_id, year and tagset ride along as UNINDEXED columns so
filtering needs no join), ranked by ``bm25`` with field weights title 10 > tags 5 > body 1.
PostgreSQL: the table ``search_tsv`` (doc_id, a tsvector with a GIN index, the same filter
fields), the vector built from the same tokens as a tsvector literal (positions and weights A = title, B = tags, D = body, no
parser or stemming involved) and ranked by ``ts_rank`` with weights 1.0 > 0.5 > 0.1 and length
normalisation. Matching is identical on both: every term must occur (AND), a term being one token
or a phrase of consecutive tokens. Scores are "higher is better" on both.

Bounded work per query: both back ends rank at most ``CANDIDATES`` matching documents, the most
recent ones (highest ids) after filtering. A query matching fewer documents is ranked exactly;
a very common term ranks the newest 500 of its matches, which keeps latency flat at 100,000+
documents (see bench/search.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

BM25_WEIGHTS = (10.0, 5.0, 1.0)
PG_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"  # D, C, B, A
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 255
CANDIDATES = 500


@dataclass(frozen=True)
class Term:
    """A query term: one token, or a phrase of consecutive tokens."""

    tokens: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    community_id: int | None = None
    tag: str | None = None
    year: int | None = None
    include_private_types: tuple[str, ...] = ()
    # (type, community ids): non-public documents of that type in those communities
    private_communities: tuple[tuple[str, tuple[int, ...]], ...] = ()


def vendor() -> str:
    return connection.vendor


# ----------------------------------------------------------------- writing
Tokens = tuple[list[str], list[str], list[str]]


def _fts_row(doc_id: int, tokens: Tokens, meta: dict) -> tuple:
    title, tags, body = tokens
    return (
        doc_id,
        " ".join(title),
        " ".join(tags),
        " ".join(body),
        meta["type"],
        1 if meta["is_public"] else 0,
        meta["community_id"],
        meta["year"],
        meta["tagset"],
    )


_FTS_INSERT = (
    "INSERT INTO search_fts (rowid, title, tags, body, type, is_public, community_id, year, "
    "tagset) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


_TSV_INSERT = (
    "INSERT INTO search_tsv (doc_id, vector, type, is_public, community_id, year, tagset) "
    "VALUES (%s, %s::tsvector, %s, %s, %s, %s, %s)"
)


def _tsv_row(doc_id: int, tokens: Tokens, meta: dict) -> tuple:
    return (
        doc_id,
        tsvector_literal(*tokens),
        meta["type"],
        bool(meta["is_public"]),
        meta["community_id"],
        meta["year"],
        meta["tagset"],
    )


def write(doc_id: int, tokens: Tokens, meta: dict) -> None:
    """(Re)index one document: its tokens (title, tags, body) and its filter fields ``meta``
    (type, is_public, community_id, year, tagset)."""
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute("DELETE FROM search_tsv WHERE doc_id = %s", [doc_id])
            cursor.execute(_TSV_INSERT, list(_tsv_row(doc_id, tokens, meta)))
        else:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [doc_id])
            cursor.execute(_FTS_INSERT, list(_fts_row(doc_id, tokens, meta)))


def write_many(rows: list[tuple[int, Tokens, dict]]) -> None:
    """Index freshly created documents in one batch: (id, tokens, meta) each."""
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.executemany(_TSV_INSERT, [_tsv_row(*row) for row in rows])
        else:
            cursor.executemany(_FTS_INSERT, [_fts_row(*row) for row in rows])


def delete(doc_id: int) -> None:
    table, column = (
        ("search_tsv", "doc_id") if vendor() == "postgresql" else ("search_fts", "rowid")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [doc_id])  # noqa: S608 — fixed names


def delete_all() -> None:
    table = "search_tsv" if vendor() == "postgresql" else "search_fts"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 — fixed names


def tsvector_literal(title: list[str], tags: list[str], body: list[str]) -> str:
    positions: dict[str, list[str]] = {}
    pos = 0
    for tokens, weight in ((title, "A"), (tags, "B"), (body, "D")):
        for token in tokens:
            pos = min(pos + 1, PG_MAX_POSITION)
            slots = positions.setdefault(token, [])
            if len(slots) < PG_MAX_POSITIONS_PER_LEXEME:
                slots.append(f"{pos}{weight}")
        pos = min(pos + 1, PG_MAX_POSITION)  # a gap so phrases never run across fields
    return " ".join(f"'{token}':{','.join(slots)}" for token, slots in positions.items())


# ----------------------------------------------------------------- matching
def fts5_expression(terms: list[Term]) -> str:
    # Tokens hold only letters, digits and CJK characters, so quoting them is always safe.
    return " AND ".join('"' + " ".join(term.tokens) + '"' for term in terms)


def tsquery_literal(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        quoted = [f"'{token}'" for token in term.tokens]
        parts.append("(" + " <-> ".join(quoted) + ")" if term.is_phrase else quoted[0])
    return " & ".join(parts)


def _filter_sql(filters: Filters, alias: str, tagset: str) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    public = 1 if alias == "search_fts" else True
    if filters.types:
        clauses.append(f"{alias}.type IN ({', '.join(['%s'] * len(filters.types))})")
        params.extend(filters.types)
    visible = [f"{alias}.is_public = %s"]
    params.append(public)
    if filters.include_private_types:
        marks = ", ".join(["%s"] * len(filters.include_private_types))
        visible.append(f"{alias}.type IN ({marks})")
        params.extend(filters.include_private_types)
    for type_name, community_ids in filters.private_communities:
        marks = ", ".join(["%s"] * len(community_ids))
        visible.append(f"({alias}.type = %s AND {alias}.community_id IN ({marks}))")
        params.extend([type_name, *community_ids])
    clauses.append("(" + " OR ".join(visible) + ")" if len(visible) > 1 else visible[0])
    if filters.community_id is not None:
        clauses.append(f"{alias}.community_id = %s")
        params.append(filters.community_id)
    if filters.year is not None:
        clauses.append(f"{alias}.year = %s")
        params.append(filters.year)
    if filters.tag:
        clauses.append(f"{alias}.{tagset} LIKE %s ESCAPE '\\'")
        escaped = filters.tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%|{escaped}|%")
    return " AND ".join(clauses), params


_frequencies: dict = {"at": -1e9, "values": {}}
FREQUENCY_TTL = 300.0
COMMON = 0.2


def _lexeme_frequencies() -> dict[str, float]:
    """PostgreSQL's own statistics of the vector column (most common lexemes and the share of
    documents holding each), read at most every five minutes per process."""
    now = time.monotonic()
    if now - _frequencies["at"] < FREQUENCY_TTL:
        return _frequencies["values"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'search_tsv' "
            "AND attname = 'vector'"
        )
        row = cursor.fetchone()
    values = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _frequencies.update(at=now, values=values)
    return values


def _share(query_terms: list[Term]) -> float:
    """Estimated share of documents matching every term (unknown lexemes count as rare)."""
    frequencies = _lexeme_frequencies()
    share = 1.0
    for term in query_terms:
        for token in term.tokens:
            share *= frequencies.get(token, 0.0)
    return share


def _pg_candidates(query_terms: list[Term], query: str, where: str, params: list) -> list[int]:
    """The newest ``CANDIDATES`` matching ids. Rare terms go through the GIN index; a term in
    most documents walks the primary key from the newest down and stops after enough matches.
    The choice is made here from the column statistics because the planner underrates the cost
    of reading vectors and picks the primary-key walk for rare terms too."""
    sql = (
        "SELECT t.doc_id FROM search_tsv t "  # noqa: S608 — fixed fragments; every value is a parameter
        f"WHERE t.vector @@ %s::tsquery AND {where} ORDER BY t.doc_id DESC LIMIT %s"
    )
    common = _share(query_terms) >= COMMON
    switches = ["enable_seqscan", "enable_bitmapscan" if common else "enable_indexscan"]
    with transaction.atomic(), connection.cursor() as cursor:
        for name in switches:
            cursor.execute(f"SET LOCAL {name} = off")
        cursor.execute(sql, [query, *params, CANDIDATES])
        ids = [row[0] for row in cursor.fetchall()]
        for name in switches:
            cursor.execute(f"RESET {name}")
    return ids


def ranked(
    terms: list[Term],
    filters: Filters,
    *,
    limit: int,
    after: tuple[float, int] | None = None,
) -> list[tuple[int, float]]:
    """(document id, score) best first, ties broken by id; ``after`` continues a page."""
    if vendor() == "postgresql":
        query = tsquery_literal(terms)
        where, params = _filter_sql(filters, "t", "tagset")
        candidates = _pg_candidates(terms, query, where, params)
        if not candidates:
            return []
        inner = (
            "SELECT t.doc_id AS id, ts_rank(%s::float4[], t.vector, %s::tsquery, 1)::float8 "
            "AS score FROM search_tsv t WHERE t.doc_id = ANY(%s)"
        )
        params = [PG_WEIGHTS, query, candidates]
    else:
        where, params = _filter_sql(filters, "search_fts", "tagset")
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        inner = (
            f"SELECT rowid AS id, -bm25(search_fts, {weights}) AS score FROM search_fts "  # noqa: S608 — fixed fragments; every value is a parameter
            f"WHERE search_fts MATCH %s AND {where} ORDER BY rowid DESC LIMIT %s"
        )
        params = [fts5_expression(terms), *params, CANDIDATES]
    sql = f"SELECT id, score FROM ({inner}) r"  # noqa: S608 — fixed fragments; every value is a parameter
    if after is not None:
        sql += " WHERE (r.score < %s OR (r.score = %s AND r.id > %s))"
        params.extend([after[0], after[0], after[1]])
    sql += " ORDER BY r.score DESC, r.id ASC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def fuzzy_titles(text: str, filters: Filters, *, limit: int) -> list[tuple[int, float]]:
    """PostgreSQL only: titles similar to ``text`` by trigrams (pg_trgm), for a query that
    matched nothing. SQLite returns nothing here; "did you mean" covers it there."""
    if vendor() != "postgresql" or not text:
        return []
    where, params = _filter_sql(filters, "d", "tags")
    sql = (
        "SELECT d.id, similarity(d.title, %s)::float8 AS score FROM search_searchdocument d "  # noqa: S608 — fixed fragments; every value is a parameter
        f"WHERE d.title %% %s AND {where} ORDER BY score DESC, d.id ASC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, text, *params, limit])
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]
