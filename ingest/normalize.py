"""Text normalization for matching and fingerprints. Stored text is never normalized.

``fold`` maps the many spellings of a word to one form:

- Unicode compatibility forms (NFKD: Arabic presentation forms, ligatures, full-width letters);
- case (``casefold``);
- combining marks: Latin accents, Arabic diacritics (harakat, shadda, sukun, dagger alef),
  Hebrew points; Arabic hamza carriers lose their hamza (أ إ آ → ا, ؤ → و, ئ → ي);
- Arabic letter variants: ٱ → ا, ى → ي, ة → ه, Persian/Urdu ی → ي, ک → ك, ە ھ → ه;
- tatweel, zero-width and bidi control characters, soft hyphens (removed);
- digits of every script (Arabic-Indic ٠١٢, Persian ۰۱۲, Devanagari, …) → ASCII 0-9.

``words`` folds and splits on anything that is not a letter or digit.
Both are idempotent: ``fold(fold(s)) == fold(s)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

NORMALIZER_VERSION = "n1"

_MARK_RANGES = [
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0300, 0x036F),  # Latin combining marks
    (0x0483, 0x0489),  # Cyrillic
    (0x0591, 0x05BD),  # Hebrew points
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),  # Arabic marks
    (0x061C, 0x061C),  # Arabic letter mark
    (0x0640, 0x0640),  # tatweel
    (0x064B, 0x065F),  # harakat, shadda, sukun, hamza above/below
    (0x0670, 0x0670),  # dagger alef
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),
    (0x08E3, 0x08FF),
    (0x200B, 0x200F),  # zero-width, LRM, RLM
    (0x202A, 0x202E),  # bidi embedding controls
    (0x2060, 0x2064),
    (0x2066, 0x2069),
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
]

_LETTERS = {
    "\u0671": "\u0627",  # ٱ alef wasla → ا
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0675": "\u0627",
    "\u0649": "\u064a",  # ى alef maksura → ي
    "\u06cc": "\u064a",  # ی Farsi yeh → ي
    "\u06d2": "\u064a",  # ے yeh barree → ي
    "\u0629": "\u0647",  # ة ta marbuta → ه
    "\u06c0": "\u0647",
    "\u06d5": "\u0647",  # ە ae → ه
    "\u06be": "\u0647",  # ھ heh doachashmee → ه
    "\u06c1": "\u0647",
    "\u06a9": "\u0643",  # ک keheh → ك
    "\u06aa": "\u0643",
}
_QUOTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}  # ’ ‘ ʼ → apostrophe (str.replace: faster)


@cache
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for lo, hi in _MARK_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = None
    for src, dst in _LETTERS.items():
        table[ord(src)] = dst
    for cp in range(0x80, 0x20000):  # every non-ASCII decimal digit (none above plane 1) → ASCII
        if cp in table:
            continue
        d = unicodedata.decimal(chr(cp), None)
        if d is not None:
            table[cp] = str(d)
    return table


# Fast path for Latin-script text: without characters of other scripts (U+0590-U+1FFF, U+A000-),
# the only things to fold are Latin combining marks and invisible format characters.
_OTHER_SCRIPTS = re.compile("[\u0590-\u1fff\ua000-\U0010ffff]")
_LATIN_DROP = re.compile("[\u00ad\u0300-\u036f\u0483-\u0489\u200b-\u200f\u202a-\u202e\u2060-\u2069]")


def fold(text: str, *, lower: bool = True) -> str:
    """Fold ``text`` for matching (see the module docstring). ``lower=False`` keeps case."""
    if text.isascii():
        return text.lower() if lower else text
    s = unicodedata.normalize("NFKD", text)
    if lower:
        s = unicodedata.normalize("NFKD", s.casefold())
    for quote, plain in _QUOTES.items():
        if quote in s:
            s = s.replace(quote, plain)
    if _OTHER_SCRIPTS.search(s):
        return s.translate(_table())
    return _LATIN_DROP.sub("", s)


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Folded word tokens: runs of letters and digits."""
    return _WORD.findall(fold(text))


def for_fingerprint(text: str) -> str:
    """The text a fingerprint is computed from: folded words joined by single spaces."""
    return " ".join(words(text))
