"""Bytes → text. Order of evidence: byte-order mark, the HTTP header, ``<meta charset>`` (HTML),
strict UTF-8, then detection by charset-normalizer. Binary data is refused with a clear error.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ingest.errors import BinaryInput, DecodeFailed, EmptyInput

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip data (name it .gz to have it decompressed)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"SQLite format 3\x00", "an SQLite database"),
]

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)


def _codec(name: str | None) -> str | None:
    """The codec a charset label means on the web: browsers read the labels of Latin-1, ASCII and
    Latin-5 as their Windows supersets (the WHATWG Encoding Standard), which pages rely on for
    quotes and dashes (bytes 0x80-0x9F)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WEB_LABELS.get(codec, codec)


_WEB_LABELS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "gb2312": "gbk"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag in its first 4 KB, if any. A page
    that declares UTF-16 there cannot be UTF-16 (its ``<meta>`` was read as ASCII): as browsers
    do, it is read as UTF-8."""
    m = _META_CHARSET.search(data[:4096])
    codec = _codec(m.group(1).decode("ascii", "replace")) if m else None
    return "utf-8" if codec is not None and codec.startswith("utf-16") else codec


def _looks_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (it contains NUL bytes)"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * 0.05:
        return "binary data (it is full of control bytes)"
    return None


# UTF-8 read as Latin-1/cp1252 ("mojibake"): a lead byte's character followed by a continuation
# byte's character, e.g. "â€™" for ’, "Ø§Ù„" for ال. Cheap to find; ftfy repairs it.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


# Latin-1 readings of UTF-8 lead bytes (Latin, punctuation, Arabic, Cyrillic, Hebrew, CJK): a cheap
# test before the regex; text without any of them cannot hold mojibake.
_MOJIBAKE_LEADS = tuple("ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóô")


def repair(text: str) -> tuple[str, bool]:
    """Undo mojibake (UTF-8 text once decoded as Latin-1 or cp1252) with ftfy; nothing else changes."""
    if not any(lead in text for lead in _MOJIBAKE_LEADS) or not _MOJIBAKE.search(text):
        return text, False
    import ftfy

    lines = text.split("\n")
    fixed = "\n".join(ftfy.fix_encoding(ln) if _MOJIBAKE.search(ln) else ln for ln in lines)
    return fixed, fixed != text


def decode(data: bytes, *, html: bool = False, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    Raises ``EmptyInput``, ``BinaryInput`` or ``DecodeFailed`` with a message that says what to do.
    """
    if not data.strip():
        raise EmptyInput(
            "the file is empty (or only whitespace): nothing to extract; remove it or re-save it"
        )
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError:
                break
    what = _looks_binary(data)
    if what:
        raise BinaryInput(
            f"this is {what}, not text or HTML: remove it from the input folder or give it the right extension"
        )
    for name in (_codec(declared), declared_charset(data) if html else None):
        for codec in (name, "latin-1") if name == "cp1252" else (name,):  # (5 bytes cp1252 leaves undefined)
            if codec:
                try:
                    return data.decode(codec), codec
                except (UnicodeDecodeError, LookupError):
                    pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise DecodeFailed(
            "the character encoding could not be determined: convert the file to UTF-8 "
            "(e.g. `iconv -f windows-1256 -t utf-8`) and run again"
        )
    text = data.decode(best.encoding, errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise DecodeFailed(
            f"the bytes do not decode cleanly (best guess {best.encoding}): convert the file to UTF-8 and run again"
        )
    return text, best.encoding
