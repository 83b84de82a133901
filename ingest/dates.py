"""Dates in page chrome: recognise a dateline and turn it into ISO 8601.

``parse("السبت ١٦ سبتمبر ٢٠٢٣ - ١٢:٥٩ بتوقيت غرينتش")`` → ``"2023-09-16T12:59:00+00:00"``.

Month names in English, French, Modern Standard Arabic (يناير…), Levantine/Iraqi (كانون الثاني,
شباط … أيلول), Maghrebi (يناير, غشت, شتنبر…) and Algerian/Tunisian (جانفي, أوت…); digits of any
script (via ``normalize.fold``); 12-hour clocks (am/pm, ص/م); GMT/UTC and a few named time zones.
What this fast path does not understand is handed to dateparser.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from ingest.normalize import fold

_MONTHS_RAW = {
    1: [
        "january",
        "jan",
        "janvier",
        "janv",
        "يناير",
        "كانون الثاني",
        "جانفي",
        "ينايِر",
        "enero",
        "enero",
        "ene",
        "januar",
        "jan",
        "gennaio",
        "janeiro",
    ],
    2: [
        "february",
        "feb",
        "fevrier",
        "fevr",
        "فبراير",
        "شباط",
        "فيفري",
        "فبراير",
        "febrero",
        "feb",
        "februar",
        "febbraio",
        "fevereiro",
        "fev",
    ],
    3: ["march", "mar", "mars", "مارس", "آذار", "اذار", "marzo", "märz", "marz", "março", "marco"],
    4: [
        "april",
        "apr",
        "avril",
        "avr",
        "أبريل",
        "ابريل",
        "إبريل",
        "نيسان",
        "أفريل",
        "افريل",
        "ابريل",
        "abril",
        "abr",
        "aprile",
    ],
    5: ["may", "mai", "مايو", "أيار", "ايار", "ماي", "mayo", "maggio", "maio", "mai"],
    6: ["june", "jun", "juin", "يونيو", "يونيه", "حزيران", "جوان", "junio", "juni", "giugno", "junho"],
    7: [
        "july",
        "jul",
        "juillet",
        "juil",
        "يوليو",
        "يوليه",
        "تموز",
        "يوليوز",
        "جويلية",
        "جويلييه",
        "julio",
        "juli",
        "luglio",
        "julho",
    ],
    8: [
        "august",
        "aug",
        "aout",
        "أغسطس",
        "اغسطس",
        "آب",
        "اب",
        "غشت",
        "أوت",
        "اوت",
        "agosto",
        "ago",
        "august",
    ],
    9: [
        "september",
        "sep",
        "sept",
        "septembre",
        "سبتمبر",
        "أيلول",
        "ايلول",
        "شتنبر",
        "septiembre",
        "setiembre",
        "settembre",
        "setembro",
        "set",
    ],
    10: [
        "october",
        "oct",
        "octobre",
        "أكتوبر",
        "اكتوبر",
        "تشرين الأول",
        "تشرين الاول",
        "octubre",
        "oktober",
        "okt",
        "ottobre",
        "outubro",
        "out",
    ],
    11: [
        "november",
        "nov",
        "novembre",
        "نوفمبر",
        "تشرين الثاني",
        "نونبر",
        "noviembre",
        "novembre",
        "novembro",
    ],
    12: [
        "december",
        "dec",
        "decembre",
        "ديسمبر",
        "كانون الأول",
        "كانون الاول",
        "دجنبر",
        "diciembre",
        "dic",
        "dezember",
        "dez",
        "dicembre",
        "dezembro",
    ],
}
MONTHS: dict[str, int] = {fold(name): n for n, names in _MONTHS_RAW.items() for name in names}

_WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "يوم",
]
_HIJRI = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الثاني",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "جمادى الثانية",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
    "هـ",
    "ه",
    "م",
]
# Words that may sit in a dateline besides the date itself.
_FILLER = [
    "at",
    "on",
    "the",
    "of",
    "le",
    "a",
    "à",
    "h",
    "am",
    "pm",
    "ص",
    "م",
    "صباحا",
    "مساء",
    "مساءً",
    "صباحًا",
    "gmt",
    "utc",
    "est",
    "edt",
    "cet",
    "cest",
    "bst",
    "pst",
    "pdt",
    "ast",
    "بتوقيت",
    "غرينتش",
    "غرينيتش",
    "جرينتش",
    "غرينيش",
    "مكة",
    "المكرمة",
    "القدس",
    "القاهرة",
    "بيروت",
    "الرياض",
    "الإمارات",
    "ابوظبي",
    "الساعة",
    "في",
    "الموافق",
    "الموافقة",
    "تاريخ",
    "التاريخ",
    "updated",
    "update",
    "last",
    "published",
    "posted",
    "publie",
    "mis",
    "jour",
    "modifie",
    "آخر",
    "اخر",
    "تحديث",
    "التحديث",
    "نشر",
    "نشرت",
    "بتاريخ",
    "منذ",
    "ago",
    "hours",
    "hour",
    "minutes",
    "minute",
    "days",
    "day",
    "ساعة",
    "ساعات",
    "دقيقة",
    "دقائق",
    "يوم",
    "أيام",
    "il",
    "y",
    "heures",
    "heure",
    "jours",
    "date",
    "time",
    "et",
]
_TZ = {
    "gmt": 0,
    "utc": 0,
    "غرينتش": 0,
    "غرينيتش": 0,
    "جرينتش": 0,
    "غرينيش": 0,
    "z": 0,
    "مكه": 3 * 60,
    "المكرمه": 3 * 60,
    "الرياض": 3 * 60,
    "القاهره": 2 * 60,
    "القدس": 2 * 60,
    "بيروت": 2 * 60,
    "الامارات": 4 * 60,
    "ابوظبي": 4 * 60,
    "est": -5 * 60,
    "edt": -4 * 60,
    "pst": -8 * 60,
    "pdt": -7 * 60,
    "cet": 60,
    "cest": 120,
    "bst": 60,
}


@cache
def _vocab() -> tuple[frozenset[str], re.Pattern[str]]:
    words = {part for w in _WEEKDAYS + _HIJRI + _FILLER for part in fold(w).split()}
    for name in MONTHS:
        words.update(name.split())
    months = sorted(MONTHS, key=len, reverse=True)
    month_re = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in months)
    return frozenset(words), re.compile(
        # day month year | month day, year ; optional time
        rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?\s*(?:[-/.,]\s*)?(?P<m1>{month_re})\b\.?"
        rf"(?:\s*[/(]\s*(?:{month_re})\s*\)?)?\s*[-/.,]?\s*(?P<y1>\d{{4}})"
        rf"|(?P<m2>{month_re})\b\.?\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y2>\d{{4}}))",
        re.IGNORECASE,
    )


_NUMERIC = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>\d{4})"
)
_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})\s*[:h.]\s*(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?!\d)\s*(?P<ap>am|pm|a\.m\.|p\.m\.|ص|م)?"
)
_TOKEN = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def looks_like_dateline(line: str, *, max_words: int = 14) -> bool:
    """True when ``line`` is mostly a date (and time), as in a dateline or an "Updated" line."""
    f = fold(line)
    toks = _TOKEN.findall(f)
    if len(toks) > max_words and "|" in f:  # "Published ... | Updated ...": each part a date
        parts = [p for p in f.split("|") if p.strip()]
        return len(parts) > 1 and all(looks_like_dateline(p, max_words=max_words) for p in parts)
    if not toks or len(toks) > max_words:
        return False
    words, date_re = _vocab()
    datey = sum(1 for t in toks if t.isdigit() or t in words or t in MONTHS)
    if datey < 0.7 * len(toks):
        return False
    return bool(
        date_re.search(f) or _NUMERIC.search(f) or (_TIME.search(f) and any(t in words for t in toks))
    )


def parse(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 (with time and offset when given), or ``None``."""
    f = fold(text)
    _, date_re = _vocab()
    year = month = day = None
    end = 0
    m = date_re.search(f)
    if m:
        if m.group("m1"):
            day, month, year = int(m.group("d1")), _month(m.group("m1")), int(m.group("y1"))
        else:
            day, month, year = int(m.group("d2")), _month(m.group("m2")), int(m.group("y2"))
        end = m.end()
    else:
        n = _NUMERIC.search(f)
        if n:
            if n.group("y"):
                year, month, day = int(n.group("y")), int(n.group("m")), int(n.group("d"))
            else:
                year, month, day = int(n.group("y2")), int(n.group("m2")), int(n.group("d2"))
            end = n.end()
    if year is None or month is None or day is None:
        return _dateparser(text) if _YEAR.search(f) else None
    try:
        date = datetime(year, month, day)
    except ValueError:
        return None
    t = _TIME.search(f, end) or _TIME.search(f[: m.start()] if m else "")
    if not t:
        return date.date().isoformat()
    hour, minute = int(t.group("h")), int(t.group("mi"))
    ap = (t.group("ap") or "").replace(".", "")
    if ap in ("pm", "م") and hour < 12:
        hour += 12
    elif ap in ("am", "ص") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return date.date().isoformat()
    stamp = date.replace(hour=hour, minute=minute, second=int(t.group("s") or 0))
    offset = _offset(f)
    if offset is not None:
        stamp = stamp.replace(tzinfo=timezone(timedelta(minutes=offset)))
    return stamp.isoformat()


_MACHINE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?:(?P<utc>Z|UTC|GMT)|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))?)?",
    re.IGNORECASE,
)


def machine(value: str) -> str | None:
    """A date as pages write it for machines (ISO 8601 and its variants in meta tags and JSON-LD:
    "2025-01-29T18:10:07.780602-0500", "2024-05-27 09:00:00 +0700", "2025-12-15T15:33Z") in the
    one form ``parse`` gives too: the date, or the date and time to the second, with the offset
    when one is written ("2025-01-29T18:10:07-05:00"; Z and UTC are +00:00). Fractions of a second
    are dropped; no offset is invented. Anything else is read as text (``parse``)."""
    value = value.strip()
    m = _MACHINE.match(value)
    if m is None:
        return parse(value)
    try:
        date = datetime.fromisoformat(m.group("date"))
        if m.group("h") is None:
            return date.date().isoformat()
        stamp = date.replace(hour=int(m.group("h")), minute=int(m.group("mi")), second=int(m.group("s") or 0))
        if m.group("utc"):
            stamp = stamp.replace(tzinfo=UTC)
        elif m.group("sign"):
            minutes = int(m.group("oh")) * 60 + int(m.group("om"))
            stamp = stamp.replace(
                tzinfo=timezone(timedelta(minutes=-minutes if m.group("sign") == "-" else minutes))
            )
    except ValueError:  # month 13, hour 25, offset beyond a day: not a date
        return None
    return stamp.isoformat()


def _month(name: str) -> int:
    return MONTHS[re.sub(r"\s+", " ", name.lower())]


def _offset(folded: str) -> int | None:
    m = re.search(r"(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", folded)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return sign * (int(m.group(2)) * 60 + int(m.group(3) or 0))
    for tok in _TOKEN.findall(folded):
        if tok in _TZ:
            return _TZ[tok]
    return None


# Languages dateparser tries (all of its 200 locales would cost ~0.3 s a call).
_LANGUAGES = ["ar", "en", "fr", "es", "de", "it", "pt", "tr", "fa", "ur"]


def _dateparser(text: str) -> str | None:
    """Fallback for forms the fast path does not know (other languages, "3 hours ago" is refused)."""
    import dateparser  # slow import; only pages that need it pay for it

    try:
        value = dateparser.parse(
            fold(text, lower=False),
            languages=_LANGUAGES,
            settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # dateparser raises many types on odd input
        return None
    if value is None:
        return None
    return value.isoformat() if (value.hour or value.minute) else value.date().isoformat()
