"""The learned line model: its tree evaluation, its place in the stripper, and the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest import linemodel, textdump
from ingest.config import ExtractConfig
from ingest.document import RawPage
from ingest.extract import extract

ARTICLE = """How to plant a kitchen garden in a small backyard
The first step is to pick a spot that gets at least six hours of direct sun each day, because most vegetables will not thrive in shade.
Raised beds make the work easier: they warm up earlier in spring, drain better after heavy rain and keep weeds from creeping in from the lawn.
Start with plants that forgive mistakes, such as lettuce, radishes and bush beans, and add tomatoes and peppers once the beds are established.
Water deeply twice a week rather than a little every day, so that roots grow down into the soil instead of staying near the surface.
Mulch the beds with straw or shredded leaves to keep the soil moist and cool during the hottest weeks of summer.
"""
PROMO = "Get the latest news about our live workshops and online courses."


def one_split(feature: str, threshold: float, left: float, right: float) -> linemodel.Forest:
    """A forest of one depth-1 tree: ``left`` when ``feature <= threshold``, else ``right``."""
    return linemodel.Forest(
        np.array([[linemodel.FEATURES.index(feature)]]),
        np.array([[threshold]]),
        np.array([[left, right]]),
        0.0,
    )


def test_forest_walks_padded_trees() -> None:
    # Tree 0 (depth 2): x0 <= 1 ? (x1 <= 5 ? 1.0 : 2.0) : 3.0, the right leaf padded one level down.
    # Tree 1 (depth 1, padded to 2): always 0.5.
    forest = linemodel.Forest(
        feature=np.array([[0, 1, 0], [0, 0, 0]]),
        threshold=np.array([[1.0, 5.0, np.inf], [np.inf, np.inf, np.inf]]),
        value=np.array([[1.0, 2.0, 3.0, 99.0], [0.5, 99.0, 99.0, 99.0]]),
        baseline=-2.0,
    )
    X = np.array([[0.0, 4.0], [1.0, 6.0], [2.0, 0.0]])
    raw = np.log(forest.predict(X) / (1 - forest.predict(X)))
    assert forest.depth == 2
    assert np.allclose(raw, [-2 + 1.0 + 0.5, -2 + 2.0 + 0.5, -2 + 3.0 + 0.5])


def test_a_model_removes_kept_lines_with_its_reason() -> None:
    # A model that takes every line ending in "!" for chrome.
    model = linemodel.LineModel(
        one_split("end_excl", 0.5, 5.0, -5.0), linemodel.Table(), 0.5, 0.5, 0.0, "test-model"
    )
    shout = "Neighbours who tried it say their harvests doubled within two years of starting!"
    text = ARTICLE.replace("\nStart with", f"\n{shout}\nStart with")
    with_model = textdump.strip(text, model=model)
    assert [(r.text, r.reason) for r in with_model.removed] == [(shout, "line-model")]
    assert len(with_model.body) == 5
    assert shout in textdump.strip(text, model=False).body


def test_blind_threshold_applies_to_pages_the_table_does_not_know() -> None:
    # Lines of up to 12 words score p = 0.4: under the threshold (0.5), over the blind one (0.3).
    forest = one_split("logw", float(np.log1p(12)), float(np.log(0.4 / 0.6)), 0.0)
    text = ARTICLE + PROMO + "\n"
    known = linemodel.Table({w: -1.0 for line in text.lower().split("\n") for w in line.split()})
    unknown = linemodel.Table({"zzz": 1.0})
    body = textdump.strip(text, model=linemodel.LineModel(forest, known, 0.5, 0.3, 0.5, "m")).body
    assert PROMO not in body and len(body) == 5
    body = textdump.strip(text, model=linemodel.LineModel(forest, unknown, 0.5, 0.3, 0.5, "m")).body
    assert PROMO in body and len(body) == 6


def test_shipped_model_loads_and_removes_a_promo_line() -> None:
    model = linemodel.load()
    assert model is not None and model.name.startswith("line-model ")
    assert 0 < model.blind_threshold <= model.threshold < 1
    page = RawPage("garden.txt", (ARTICLE + PROMO + "\n").encode(), "text", "0" * 64, 0)
    doc = extract(page)
    assert [(r.text, r.reason) for r in doc.removed] == [(PROMO, "line-model")]
    assert doc.title == ARTICLE.split("\n")[0] and len(doc.lines) == 5
    assert model.name in doc.extractor
    rules = extract(page, ExtractConfig(line_model=False))
    assert PROMO in rules.lines and model.name not in rules.extractor


def test_model_for_other_features_is_not_loaded(tmp_path: Path) -> None:
    model = linemodel.load()
    assert model is not None
    path = tmp_path / "m.npz"
    linemodel.save(path, model)
    assert linemodel.load(path=path) is not None
    with np.load(path) as z:
        arrays = dict(z)
    arrays["names"] = np.array([*linemodel.FEATURES[:-1], "something-else"])
    np.savez(path, **arrays)
    linemodel.load.cache_clear()
    assert linemodel.load(path=path) is None


def test_html_model_is_shipped_and_named_in_the_extractor() -> None:
    from ingest.extract import extractor_for

    model = linemodel.load("html")
    assert model is not None and model.name.startswith("line-model html ")
    assert model.name in extractor_for("html")
    assert model.name not in extractor_for("html", ExtractConfig(line_model=False))


def test_forest_predicts_in_chunks_like_at_once() -> None:
    model = linemodel.load()
    assert model is not None
    rng = np.random.default_rng(0)
    X = rng.normal(size=(linemodel.PREDICT_ROWS * 2 + 17, len(linemodel.FEATURES)))
    whole = model.forest.predict(X)
    assert whole.shape == (len(X),)
    assert np.allclose(whole[-17:], model.forest.predict(X[-17:]))


def test_a_model_never_removes_every_kept_line() -> None:
    everything = linemodel.LineModel(
        one_split("logw", 1e9, -5.0, -5.0), linemodel.Table(), 0.5, 0.5, 0.0, "m"
    )
    assert len(textdump.strip(ARTICLE, model=everything).body) == 5
    assert textdump.refine(ARTICLE, model=everything).body == ARTICLE.strip().split("\n")


GARDEN_ES = """Cómo plantar un huerto en un patio pequeño
El primer paso es elegir un lugar que reciba al menos seis horas de sol directo cada día, porque la mayoría de las hortalizas no prosperan en la sombra.
Los bancales elevados facilitan el trabajo: se calientan antes en primavera, drenan mejor después de las lluvias fuertes y evitan que las malas hierbas invadan el cultivo.
Empiece con plantas que perdonan los errores, como la lechuga, los rábanos y las judías enanas, y añada tomates y pimientos cuando los bancales estén establecidos.
Riegue en profundidad dos veces por semana en lugar de un poco cada día, para que las raíces crezcan hacia abajo en el suelo en vez de quedarse en la superficie.
Es mejor sembrar al final de la tarde, cuando baja el calor, y apretar ligeramente la tierra después de cubrir las semillas.
En el huerto conviene rotar los cultivos cada año para que el suelo no se agote y las plagas no se instalen.
Los vecinos que probaron este método dicen que sus cosechas se duplicaron en dos años.
"""


def test_pages_in_other_languages_keep_their_paragraphs() -> None:
    # Spanish shares short words with English language menus ("en", "es"): the model must judge it
    # as it was trained to judge languages its word table does not know, not with English weights.
    for model in ("text", "html"):
        stripped = textdump.strip(GARDEN_ES) if model == "text" else textdump.refine(GARDEN_ES, model=True)
        assert not [r.text for r in stripped.removed if r.reason == "line-model"], model


def test_long_articles_are_not_cut_by_their_length() -> None:
    paragraphs = [line for line in ARTICLE.split("\n")[1:] if line]
    text = (
        ARTICLE.split("\n")[0] + "\n" + "\n".join(f"{p} (part {i})" for i in range(300) for p in paragraphs)
    )
    assert len(text.split()) > 30_000
    # Before the fix, features counting the words before a line made the model cut most of it.
    assert len(textdump.strip(text).body) >= 0.95 * 5 * 300
    assert len(textdump.refine(text, model=True).body) >= 0.95 * (1 + 5 * 300)


def test_line_model_off_means_no_model_anywhere() -> None:
    from ingest.extract import extractor_for
    from ingest.webpage import extract_html

    article = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n")[1:] if p)
    html = f"<html><body><h1>Garden</h1><article>{article}<p>{PROMO}</p></article></body></html>"
    assert not [r for r in extract_html(html, model=False)["removed"] if r.reason == "line-model"]
    text_model, html_model = linemodel.load("text"), linemodel.load("html")
    assert text_model is not None and html_model is not None
    assert text_model.name in extractor_for("html") and html_model.name in extractor_for("html")


def test_a_damaged_model_file_warns_and_leaves_the_rules(tmp_path: Path) -> None:
    import pytest

    path = tmp_path / "broken.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.warns(RuntimeWarning, match="cannot be read"):
        assert linemodel.load(path=path) is None


def test_without_the_table_the_review_sees_the_features_of_no_table() -> None:
    # The review computes the features once, with the table, and zeroes the table's columns on
    # pages whose words the table hardly knows: that must be what no table at all would give.
    d = textdump.decide(ARTICLE + PROMO + "\n")
    table = linemodel.Table({"garden": 2.0, "soil": -1.5, "latest": 3.0, "the": 0.25})
    at = [i for i, k in enumerate(d.kept) if k]
    with_table = linemodel.features(d.lines, d.kept, d.title_at, table)[at]
    assert with_table[:, linemodel._TABLE_COLUMNS].any()
    with_table[:, linemodel._TABLE_COLUMNS] = 0.0
    assert np.array_equal(with_table, linemodel.features(d.lines, d.kept, d.title_at, None)[at])
