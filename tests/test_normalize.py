from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import fold, for_fingerprint, words


def test_arabic_letter_variants_and_diacritics_fold_together() -> None:
    assert fold("إقرأ أيضاً") == fold("اقرا ايضا")
    assert fold("مدرسة") == fold("مدرسه")
    assert fold("على") == fold("علي")
    assert fold("کوریا") == fold("كوريا")  # Persian kaf and yeh
    assert fold("ســـلام") == fold("سلام")  # tatweel
    assert fold("مُحَمَّد") == fold("محمد")


def test_digits_of_every_script_become_ascii() -> None:
    assert fold("٢٠٢٣") == "2023"
    assert fold("۱۴۰۲") == "1402"
    assert fold("२०२३") == "2023"


def test_words_split_on_punctuation_and_case() -> None:
    assert words("Hello, WORLD! «مرحبا»") == ["hello", "world", "مرحبا"]
    assert for_fingerprint("  Élysée —  palace ") == "elysee palace"


@given(st.text())
@settings(max_examples=500)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
@settings(max_examples=300)
def test_fingerprint_normalization_is_idempotent(text: str) -> None:
    once = for_fingerprint(text)
    assert for_fingerprint(once) == once
