"""Near-duplicates users can trust: a generated labelled corpus, scored pairwise."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import DedupConfig
from ingest.dedup import similarity
from ingest.document import Document, RawPage
from ingest.fingerprint import Fingerprinter, _identity, word_hashes

from .conftest import FIXTURES, ROOT, SEEDS


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pairwise(db: Path, labels: dict[str, str]) -> tuple[float, float, int, int]:
    score_dups = _script("score_dups")
    rows = sqlite3.connect(db).execute("SELECT source, cluster_id FROM documents").fetchall()
    predicted: dict[str, list[str]] = {}
    truth: dict[str, list[str]] = {}
    for source, cluster in rows:
        name = Path(source).name
        predicted.setdefault(cluster, []).append(name)
        truth.setdefault(labels[name], []).append(name)
    p, t = score_dups.pairs(predicted), score_dups.pairs(truth)
    return len(p & t) / max(len(p), 1), len(p & t) / max(len(t), 1), len(predicted), len(truth)


def generate(out: Path, lang: str, articles: list[Path], negatives: list[Path], n: int) -> dict[str, str]:
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "make_dup_corpus.py"),
        str(out),
        "--lang",
        lang,
        "--n",
        str(n),
        "--articles",
        *map(str, articles),
    ]
    if negatives:
        cmd += ["--negatives", *map(str, negatives)]
    subprocess.run(cmd, check=True, capture_output=True)
    return json.loads((out / "labels.json").read_text("utf-8"))


def test_arabic_corpus_precision_and_recall(ingest, tmp_path: Path) -> None:
    labels = generate(
        tmp_path / "ar",
        "ar",
        [FIXTURES / "arabic", FIXTURES / "arabic_heldout", FIXTURES / "html_ar"],
        [SEEDS],
        27,
    )
    ingest("run", str(tmp_path / "ar" / "pages"), "--db", str(tmp_path / "ar.db"))
    precision, recall, predicted, true = pairwise(tmp_path / "ar.db", labels)
    assert precision >= 0.99 and recall >= 0.95
    assert predicted == true
    seeds = (
        sqlite3.connect(tmp_path / "ar.db")
        .execute("SELECT count(DISTINCT cluster_id) FROM documents WHERE source LIKE '%neg-seeds-%'")
        .fetchone()[0]
    )
    assert seeds == 5  # five write-ups of one event stay apart


def test_english_corpus_precision_and_recall(ingest, tmp_path: Path) -> None:
    # Four independent write-ups of one event, each with its syndicated, edited, truncated, updated
    # and exact copies: the copies must join their story, the four stories must stay apart.
    labels = generate(tmp_path / "en", "en", [FIXTURES / "same_event_en"], [], 4)
    ingest("run", str(tmp_path / "en" / "pages"), "--db", str(tmp_path / "en.db"))
    precision, recall, predicted, true = pairwise(tmp_path / "en.db", labels)
    assert precision >= 0.99 and recall >= 0.95, (precision, recall)
    assert predicted == true == 4


def test_minhash_equals_datasketch_update_batch() -> None:
    fp = Fingerprinter(DedupConfig())
    for text in ["the quick brown fox jumps over the lazy dog " * 20, "كيم جونغ أون يغادر روسيا", "a", ""]:
        hashes = fp.shingle_hashes(text.split())
        m = MinHash(num_perm=128, seed=1, hashfunc=_identity, scheme="affine32")
        m.update_batch(hashes.tolist())
        assert np.array_equal(m.hashvalues, fp.minhash(hashes))


@given(st.lists(st.text(alphabet="abcdefgح ط", min_size=1, max_size=6), max_size=60))
@settings(max_examples=200, deadline=None)
def test_fingerprint_is_deterministic_and_word_hashes_position_free(words: list[str]) -> None:
    fp = Fingerprinter(DedupConfig())
    doc = lambda: Document(raw=RawPage("x", b"", "text", "", 0), lines=[" ".join(words)])  # noqa: E731
    a, b = fp(doc()), fp(doc())
    assert a.signature == b.signature and a.bands == b.bands and a.text_hash == b.text_hash
    tokens = [w for w in " ".join(words).split() if w]
    if tokens:
        h = word_hashes(tokens)
        first = {}
        for t, v in zip(tokens, h.tolist(), strict=True):
            assert first.setdefault(t, v) == v


def test_similarity_on_sets_and_hash_arrays_agree() -> None:
    fp = Fingerprinter(DedupConfig())
    a = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    b = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve"]
    jac_h, cont_h = similarity(fp.shingle_hashes(a), fp.shingle_hashes(b))
    jac_s, cont_s = similarity(fp.shingle_set(" ".join(a)), fp.shingle_set(" ".join(b)))
    assert abs(jac_h - jac_s) < 1e-9 and abs(cont_h - cont_s) < 1e-9


def test_shipped_permutations_and_fmix_equal_datasketch() -> None:
    from datasketch.minhash import _fmix

    from ingest.fingerprint import fmix32

    fp = Fingerprinter(DedupConfig())
    m = MinHash(num_perm=128, seed=1, scheme="affine32")
    a, b = fp._permutations
    assert np.array_equal(a, m.permutations[0]) and np.array_equal(b, m.permutations[1])
    values = np.arange(0, 2**32 - 1, 65521, dtype=np.uint32)
    assert np.array_equal(fmix32(values), _fmix(values, 32))
