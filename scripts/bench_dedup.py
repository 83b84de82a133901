#!/usr/bin/env python3
"""Near-duplicate speed, measured side by side in one run.

    scripts/bench_dedup.py [--db CORPUS.db] [--docs 2000] [--index-size 100000]

1. Fingerprinting per document: ingest's ``Fingerprinter`` against datasketch's default
   (``MinHash()`` with sha1, ``update_batch`` over encoded word-shingle strings), on the same
   normalized texts (taken from CORPUS.db when given, else made from the seeds).
2. Candidate lookup for one new document in an index of ``--index-size`` documents: LSH band keys
   stored in SQLite (what ingest does) against rebuilding datasketch's ``MinHashLSH`` from stored
   signatures before querying.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.config import DedupConfig
from ingest.document import Document, RawPage
from ingest.fingerprint import Fingerprinter, shingles


def corpus_texts(db: Path | None, n: int) -> list[str]:
    if db is not None:
        rows = sqlite3.connect(db).execute("SELECT text FROM documents LIMIT ?", [n]).fetchall()
        return [r[0] for r in rows]
    seeds = [p.read_text("utf-8") for p in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
    rng = random.Random(1)
    out = []
    for i in range(n):
        words = seeds[i % len(seeds)].split()
        rng.shuffle(words)
        out.append(" ".join(words))
    return out


def bench_fingerprint(texts: list[str]) -> None:
    from datasketch import MinHash

    from ingest.normalize import words

    config = DedupConfig()
    fp = Fingerprinter(config)
    docs = [Document(raw=RawPage("x", b"", "text", "", 0), lines=t.split("\n")) for t in texts]
    tokens = [words(t) for t in texts]
    fp(docs[0])

    def clock(fn, items) -> float:  # seconds per document
        t0 = time.perf_counter()
        for item in items:
            fn(item)
        return (time.perf_counter() - t0) / len(items)

    def default(toks: list[str]) -> None:
        m = MinHash()
        m.update_batch([g.encode("utf-8") for g in shingles(toks, config.shingle)])

    def ours(toks: list[str]) -> None:
        fp.band_keys(fp.minhash(fp.shingle_hashes(toks)))

    normalize = clock(words, texts)
    mine, theirs = clock(ours, tokens), clock(default, tokens)
    whole_mine = clock(fp, docs)
    n_words = sum(len(t) for t in tokens) / len(tokens)
    print(f"fingerprint per document ({len(texts)} docs, {n_words:.0f} words each on average):")
    print(
        f"  from normalized tokens: ingest {mine * 1e3:.3f} ms (shingle hashes, MinHash, LSH bands) vs "
        f"datasketch MinHash() + update_batch(sha1) over shingle strings {theirs * 1e3:.3f} ms: "
        f"{theirs / mine:.1f}x"
    )
    print(
        f"  from text, normalization ({normalize * 1e3:.3f} ms) included in both: ingest {whole_mine * 1e3:.3f} ms "
        f"vs {(theirs + normalize) * 1e3:.3f} ms: {(theirs + normalize) / whole_mine:.1f}x"
    )


def bench_index(size: int) -> None:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    config = DedupConfig()
    fp = Fingerprinter(config)
    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 2**32 - 1, size=(size, config.num_perm), dtype=np.uint32)
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "index.db")
        conn.execute(
            "CREATE TABLE lsh_bands (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID"
        )
        conn.execute("CREATE TABLE signatures (seq INTEGER PRIMARY KEY, signature BLOB)")
        t0 = time.perf_counter()
        for start in range(0, size, 5000):
            rows = [
                (k, seq) for seq in range(start, min(size, start + 5000)) for k in fp.band_keys(sigs[seq])
            ]
            conn.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?)", rows)
            conn.executemany(
                "INSERT INTO signatures VALUES (?, ?)",
                [(seq, sigs[seq].tobytes()) for seq in range(start, min(size, start + 5000))],
            )
        conn.commit()
        build = time.perf_counter() - t0
        query = sigs[size // 2]
        t0 = time.perf_counter()
        keys = fp.band_keys(query)
        found = conn.execute(
            f"SELECT DISTINCT seq FROM lsh_bands WHERE key IN ({','.join('?' * len(keys))})", keys
        ).fetchall()
        sqlite_query = time.perf_counter() - t0
        t0 = time.perf_counter()
        lsh = MinHashLSH(num_perm=config.num_perm, params=(config.bands, config.rows))
        a, b = fp._permutations
        with lsh.insertion_session() as session:
            for seq, blob in conn.execute("SELECT seq, signature FROM signatures"):
                values = np.frombuffer(blob, dtype=np.uint32)
                session.insert(
                    seq, LeanMinHash(MinHash(hashvalues=values, scheme="affine32", permutations=(a, b)))
                )
        rebuilt = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = lsh.query(LeanMinHash(MinHash(hashvalues=query, scheme="affine32", permutations=(a, b))))
        lsh_query = time.perf_counter() - t0
        conn.close()
    print(f"candidate lookup in an index of {size:,} documents ({config.bands} bands x {config.rows} rows):")
    print(
        f"  SQLite band table: built in {build:.1f}s once, incrementally; one query {sqlite_query * 1e3:.1f} ms "
        f"({len(found)} candidates)"
    )
    print(
        f"  rebuild datasketch MinHashLSH from stored signatures: {rebuilt:.1f}s every run, then one query "
        f"{lsh_query * 1e3:.1f} ms ({len(got)} candidates)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--index-size", type=int, default=100_000)
    args = ap.parse_args()
    bench_fingerprint(corpus_texts(args.db, args.docs))
    bench_index(args.index_size)


if __name__ == "__main__":
    main()
