"""Language signals for chrome detection: script, function words (stopwords) and a language guess.

Stopword lists come from jusText (shipped with trafilatura's dependencies) for Latin-script
languages; for Arabic we use a short list of true function words, because jusText's Arabic list
is frequency-based and holds content words (country and person names) that would make
navigation labels look like prose.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ingest.normalize import fold

_ARABIC_FUNCTION_WORDS = """
في من على إلى الى عن مع أن ان إن لا ما لم لن قد كان كانت يكون تكون التي الذي الذين اللذين اللتين
اللواتي هذا هذه ذلك تلك هؤلاء هو هي هم هن نحن أنا انت أنت بين بعد قبل حتى كما أو او ثم بل لكن لكنه
لكنها إذا اذا إذ لو كل بعض أي اي غير عند عندما حيث منذ خلال ضد نحو لدى لدي أمام امام حول دون عبر وفق
وفقا فيه فيها منه منها عليه عليها إليه اليه إليها اليها له لها لهم به بها بهم فيما مما ممن وقد وكان
وكانت وهو وهي وهم ولا وما ولم ولن وفي ومن وعلى وإلى والى وعن ومع وأن وان وإن فقد فإن فان كذلك أيضا
ايضا أكثر اكثر أقل جدا هناك هنا الآن اليوم أمس غدا يوم بشأن بسبب رغم إلا الا سوى ليس ليست تم يتم
وقال قال قالت وقالت ذكر وذكرت أنه انه أنها انها إنه انه إنها لأن لان كي لكي حين بينما بينهم عليهم
إليهم منهم عنه عنها عنهم التى الذى
""".split()  # noqa: SIM905

_LATIN_LANGS = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "tr": "Turkish",
    "id": "Indonesian",
}

SAMPLE_CHARS = 1_500
"""Characters of a text that ``detect`` looks at (about 250 words)."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Folded function words of ``lang`` (ISO 639-1), empty when unknown."""
    if lang == "ar":
        return frozenset(fold(w) for w in _ARABIC_FUNCTION_WORDS)
    name = _LATIN_LANGS.get(lang)
    if not name:
        return frozenset()
    import justext

    return frozenset(fold(w) for w in justext.get_stoplist(name))


@cache
def all_stopwords() -> frozenset[str]:
    """Function words of Arabic, English and French together (for mixed-language pages)."""
    return stopwords("ar") | stopwords("en") | stopwords("fr")


def script(text: str) -> str:
    """``"arabic"``, ``"latin"`` or ``"other"``: the script most letters of ``text`` are in."""
    a, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if a == 0 and latin == 0:
        return "other"
    return "arabic" if a >= latin else "latin"


def detect(text: str) -> str | None:
    """A best guess at the language of ``text`` (ISO 639-1), or ``None`` when unsure."""
    sample = text[:SAMPLE_CHARS]
    sc = script(sample)
    if sc == "arabic":
        persian = len(re.findall(r"[پچژگ]", sample))
        return "fa" if persian > len(sample) / 200 else "ar"
    if sc != "latin":
        return None
    toks = _WORD.findall(fold(sample))[:500]
    if len(toks) < 5:
        return None
    counts = Counter(toks)
    best, best_share = None, 0.0
    for lang in _LATIN_LANGS:
        share = sum(counts[t] for t in stopwords(lang).intersection(counts)) / len(toks)
        if share > best_share:
            best, best_share = lang, share
    return best if best_share >= 0.15 else None
