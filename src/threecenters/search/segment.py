"""Chinese word segmentation for the search service, behind one function: ``tokenize(text)``.

rjieba (a Rust port of jieba) does the segmentation. Its ``Jieba.add_word`` loads our domain
dictionary (community names, 党建/志愿/治理 terms) so they stay whole: the file shipped with this
app, plus the file named by ``THREECENTERS_SEARCH_DICTIONARY`` that staff can extend. Swapping the
segmenter means changing this module only.

Text is normalised first (NFKC folds full-width letters, digits and punctuation; lower case), and
only words made of letters, digits and CJK characters survive: punctuation, emoji and FTS syntax
never reach the index or a query.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings

BUILTIN_DICTIONARY = Path(__file__).resolve().parent / "dictionary.txt"

# One "word" character: letters (any script), digits, CJK ideographs.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_lock = threading.Lock()


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def is_cjk(char: str) -> bool:
    return bool(_CJK.fullmatch(char))


def dictionary_paths() -> list[Path]:
    paths = [BUILTIN_DICTIONARY]
    extra = getattr(settings, "SEARCH_DICTIONARY", "")
    if extra:
        paths.append(Path(extra))
    return paths


def read_dictionary(path: Path) -> list[tuple[str, int | None]]:
    """Lines of ``word [frequency] [tag]``; blank lines and ``#`` comments are skipped."""
    entries: list[tuple[str, int | None]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = normalize(parts[0])
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        if word:
            entries.append((word, freq))
    return entries


@lru_cache(maxsize=1)
def dictionary_terms() -> tuple[str, ...]:
    """Every dictionary word, for segmentation and for "did you mean"."""
    terms: dict[str, None] = {}
    for path in dictionary_paths():
        if path.is_file():
            for word, _freq in read_dictionary(path):
                terms[word] = None
    return tuple(terms)


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba

    jieba = rjieba.Jieba()
    with _lock:
        for path in dictionary_paths():
            if not path.is_file():
                continue
            for word, freq in read_dictionary(path):
                jieba.add_word(word, freq if freq is not None else 20000, None)
    return jieba


def reset() -> None:
    """Forget the loaded dictionary (tests and a changed setting)."""
    _segmenter.cache_clear()
    dictionary_terms.cache_clear()
    _sub_words.cache_clear()


def _words(text: str) -> list[str]:
    words: list[str] = []
    for piece in _segmenter().cut(normalize(text), False):
        words.extend(_WORD.findall(piece))
    return words


def tokenize(text: str) -> list[str]:
    """Words of ``text`` in order: rjieba's precise segmentation of the normalised text,
    keeping only runs of letters, digits and CJK characters."""
    return _words(text)


@lru_cache(maxsize=200_000)
def _sub_words(word: str) -> tuple[str, ...]:
    """The dictionary words inside a longer word (jieba's search mode: 2- and 3-character
    pieces the dictionary knows), cached because words repeat across documents."""
    if len(word) <= 2:
        return ()
    return tuple(
        w for w in _segmenter().cut_for_search(word, False) if w != word and _WORD.fullmatch(w)
    )


def characters(words: list[str]) -> list[str]:
    """The stream of single CJK characters and whole non-CJK words, in order."""
    out: list[str] = []
    for word in words:
        if _CJK.search(word):
            out.extend(word)
        else:
            out.append(word)
    return out


def index_tokens(text: str, *, limit: int = 6000) -> list[str]:
    """What the index holds for one field: its words with their dictionary sub-words (jieba's
    search mode), then every CJK character as a token of its own, so one character finds the
    words that contain it ("张" finds "张三") and a run of characters can be matched as a
    phrase when segmentation differs."""
    words = _words(text)[:limit]
    out: list[str] = []
    for word in words:
        out.extend(_sub_words(word))
        out.append(word)
    return out + characters(words)
