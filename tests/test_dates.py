from __future__ import annotations

import pytest

from ingest.dates import looks_like_dateline, machine, parse


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("السبت ١٦ سبتمبر ٢٠٢٣ - ١٢:٥٩ بتوقيت غرينتش", "2023-09-16T12:59:00+00:00"),
        ("الأحد 17 أيلول/سبتمبر 2023 - 10:30 ص", "2023-09-17T10:30:00"),
        ("16 كانون الثاني 2024", "2024-01-16"),
        ("3 شتنبر 2023", "2023-09-03"),
        ("Published: 12 janvier 2024 à 10h30", "2024-01-12T10:30:00"),
        ("Updated 3 March 2024, 14:05 GMT", "2024-03-03T14:05:00+00:00"),
        ("September 4, 2025", "2025-09-04"),
        ("Tuesday 12 Sep 2023 08.45 BST", "2023-09-12T08:45:00+01:00"),
        ("2023-09-16", "2023-09-16"),
        ("16/09/2023 - 09:15 pm", "2023-09-16T21:15:00"),
    ],
)
def test_parse(line: str, iso: str) -> None:
    assert parse(line) == iso
    assert looks_like_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "والتقى كيم بالرئيس الروسي فلاديمير بوتين في 12 سبتمبر 2023 لمناقشة صفقة أسلحة محتملة",
        "العالم- اسيا والباسيفيك",
        "The meeting on September 4, 2025 ended without an agreement between the parties.",
    ],
)
def test_sentences_with_dates_are_not_datelines(line: str) -> None:
    assert not looks_like_dateline(line)


def test_impossible_dates_are_refused() -> None:
    assert parse("31 فبراير 2023") is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-01-29T18:10:07.780602-0500", "2025-01-29T18:10:07-05:00"),
        ("2024-05-27 09:00:00 +0700", "2024-05-27T09:00:00+07:00"),
        ("2025-12-15T15:33Z", "2025-12-15T15:33:00+00:00"),
        ("2025-12-19T11:15:56.012359519Z", "2025-12-19T11:15:56+00:00"),
        ("2013-08-22 21:43:53 UTC", "2013-08-22T21:43:53+00:00"),
        ("2025-09-04T12:50:36+00:00", "2025-09-04T12:50:36+00:00"),
        ("2025-11-13T09:21:40", "2025-11-13T09:21:40"),  # no offset written: none invented
        ("2025-08-25", "2025-08-25"),
        ("2025-06-12T10:00:00+02:00[Europe/Paris]", "2025-06-12T10:00:00+02:00"),
        ("12 March 2024", "2024-03-12"),  # not machine-written: read as text
        ("2025-13-01", None),
        ("2025-01-01T25:00:00", None),
    ],
)
def test_machine_dates_take_one_form(value: str, iso: str | None) -> None:
    """Dates in meta tags and JSON-LD come in many ISO 8601 variants; stored, they take the form
    dates read from text take, so a column of them sorts and compares as one."""
    assert machine(value) == iso
