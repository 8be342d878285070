"""Turn what a person typed into query terms. Nothing typed reaches the database as syntax:
terms are rebuilt from segmented words (letters, digits, CJK only), so FTS operators (AND OR NOT
NEAR * " ^ : ( )), SQL fragments, emoji and full-width punctuation are neutralised. Text in
double quotes ("…", “…”, 「…」) is a phrase: its characters must appear consecutively."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from threecenters.search import segment
from threecenters.search.backends import Term

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
OPERATOR_WORDS = {"and", "or", "not", "near"}
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]
    words: tuple[str, ...]  # the words typed, for highlighting and suggestions
    phrases: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    def character_terms(self) -> tuple[Term, ...]:
        """The fallback: every multi-character CJK word as a phrase of its characters, which
        matches however the document's text was segmented."""
        out: list[Term] = []
        for term in self.terms:
            if not term.is_phrase and len(term.tokens[0]) > 1 and segment.is_cjk(term.tokens[0][0]):
                out.append(Term(tuple(segment.characters(list(term.tokens)))))
            else:
                out.append(term)
        return tuple(out)


def parse(raw: str | None) -> ParsedQuery:
    text = (raw or "").strip()[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    words: list[str] = []
    phrases: list[str] = []

    def add(term: Term) -> None:
        if term not in terms and len(terms) < MAX_TERMS:
            terms.append(term)

    for match in _PHRASE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        words = segment.tokenize(inner)
        tokens = segment.characters(words)
        if len(words) == 1:
            add(Term((words[0],)))  # one whole word already is a run of consecutive characters
        elif tokens:
            add(Term(tuple(tokens)))
        if tokens:
            phrases.append("".join(tokens))
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    for word in segment.tokenize(rest):
        if word in OPERATOR_WORDS:
            continue
        add(Term((word,)))
        words.append(word)
    return ParsedQuery(text=text, terms=tuple(terms), words=tuple(words), phrases=tuple(phrases))


def _pattern(needles: list[str]) -> re.Pattern | None:
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)


def needles_for(parsed: ParsedQuery) -> list[str]:
    return [*parsed.words, *parsed.phrases]


def highlight(text: str, needles: list[str]) -> SafeString:
    """``text`` HTML-escaped, with every needle wrapped in <mark>."""
    pattern = _pattern(needles)
    if pattern is None:
        return mark_safe(html.escape(text))  # noqa: S308 — escaped above
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[pos : match.start()]))
        out.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        pos = match.end()
    out.append(html.escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece escaped above


def snippet(text: str, needles: list[str], *, width: int = 120) -> SafeString:
    """A window of ``text`` around the first match, escaped and highlighted."""
    pattern = _pattern(needles)
    match = pattern.search(text) if pattern else None
    start = 0 if match is None else max(0, match.start() - width // 3)
    piece = " ".join(text[start : start + width * 2].split())[:width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, needles) + suffix)  # noqa: S308 — escaped
