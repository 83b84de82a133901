"""Fingerprints of the extracted text: a hash of the normalized text (exact copies), and a
datasketch MinHash over word shingles with its LSH band keys (near-duplicate candidates).

Only normalized article text is fingerprinted, never the raw page, so site chrome cannot make
two different stories look alike. All parameters come from ``DedupConfig``.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import xxhash

from ingest.config import DedupConfig
from ingest.document import Document
from ingest.normalize import for_fingerprint

if TYPE_CHECKING:
    from datasketch import MinHash

_HASHES = {"xxh32": xxhash.xxh32_intdigest, "xxh64": xxhash.xxh64_intdigest}


def shingles(words: list[str], k: int) -> set[str]:
    """Word ``k``-grams (the whole text as one shingle when it is shorter than ``k`` words)."""
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


class Fingerprinter:
    """Computes fingerprints with one fixed ``DedupConfig`` (permutations are made once)."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self._hash = _HASHES[config.hash]

    @cached_property
    def _minhash(self) -> type[MinHash]:
        from datasketch import MinHash  # imports scipy (0.5 s): only runs that fingerprint pay for it

        return MinHash

    @cached_property
    def _permutations(self) -> np.ndarray:
        c = self.config
        return self._minhash(
            num_perm=c.num_perm, seed=c.seed, hashfunc=self._hash, scheme=c.scheme
        ).permutations

    def shingle_set(self, text: str) -> set[str]:
        return shingles(for_fingerprint(text).split(), self.config.shingle)

    def __call__(self, doc: Document) -> Document:
        """Add ``text_hash``, ``signature``, ``bands`` and ``n_shingles`` to a document."""
        if not doc.ok:
            return doc
        norm = for_fingerprint(doc.text)
        doc.text_hash = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]
        grams = shingles(norm.split(), self.config.shingle)
        m = self._minhash(
            num_perm=self.config.num_perm,
            seed=self.config.seed,
            hashfunc=self._hash,
            permutations=self._permutations,
            scheme=self.config.scheme,
        )
        m.update_batch([g.encode("utf-8") for g in grams])
        doc.signature = np.asarray(m.hashvalues).tobytes()
        doc.signature_key = self.config.key
        doc.n_shingles = len(grams)
        doc.bands = self.band_keys(m.hashvalues) if grams else []
        return doc

    def band_keys(self, hashvalues: np.ndarray) -> list[int]:
        """One signed 64-bit key per LSH band (band index mixed in, so bands never collide)."""
        r = self.config.rows
        keys = []
        for b in range(self.config.bands):
            h = xxhash.xxh64_intdigest(hashvalues[b * r : (b + 1) * r].tobytes(), seed=b)
            keys.append(h - (1 << 64) if h >= (1 << 63) else h)
        return keys
