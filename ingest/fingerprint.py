"""Fingerprints of the extracted text: a hash of the normalized text (exact copies), and a
datasketch MinHash over word shingles with its LSH band keys (near-duplicate candidates).

Only normalized article text is fingerprinted, never the raw page, so site chrome cannot make
two different stories look alike. All parameters come from ``DedupConfig``.

Speed: each word is hashed once (xxhash); a shingle's hash combines its words' hashes with
numpy, and the MinHash is updated in one batch with permutations made once per process.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xxhash

from ingest.config import DedupConfig
from ingest.document import Document
from ingest.normalize import for_fingerprint, words

if TYPE_CHECKING:
    from datasketch import MinHash

_HASHES = {"xxh32": xxhash.xxh32_intdigest, "xxh64": xxhash.xxh64_intdigest}
# Odd multipliers that mix a shingle's word hashes by position (so "a b c" ≠ "c b a").
_MIX = np.array(
    [0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C, 0xFD7046C5, 0xB55A4F09],
    dtype=np.uint64,
)


def shingles(words: list[str], k: int) -> set[str]:
    """Word ``k``-grams (the whole text as one shingle when it is shorter than ``k`` words)."""
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


_BASE = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))


_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Powers of the base and of its inverse, 0..n-1 (made once, grown when a longer text comes)."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(n, 1 << 16)
        with np.errstate(over="ignore"):
            powers = np.cumprod(np.full(size, _BASE, dtype=np.uint64)) * _BASE_INV
            inverse = np.cumprod(np.full(size, _BASE_INV, dtype=np.uint64)) * _BASE
        _POWERS[:] = [powers, inverse]
    return _POWERS[0], _POWERS[1]


def word_hashes(words: list[str]) -> np.ndarray:
    """A 64-bit polynomial hash of each word, all words at once in numpy: the UTF-8 bytes of the
    text are weighted by powers of an odd base, summed per word, and divided (modulo 2**64) by the
    power at the word's start, so a word hashes the same wherever it stands."""
    data = np.frombuffer("\x00".join(words).encode("utf-8"), dtype=np.uint8)
    seps = np.flatnonzero(data == 0)
    starts = np.concatenate((np.zeros(1, dtype=np.int64), seps + 1))
    values = data.astype(np.uint64)
    values[seps] = 0
    powers, inverse = _powers(len(data))
    with np.errstate(over="ignore"):
        sums = np.add.reduceat(values * (values + np.uint64(1)) * powers[: len(data)], starts)
        h = sums * inverse[starts]
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
    return h


_DATA = Path(__file__).resolve().parent / "data"


def fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before its affine permutations."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def _identity(value: int) -> int:
    return value


class Fingerprinter:
    """Computes fingerprints with one fixed ``DedupConfig`` (permutations are made once)."""

    def __init__(self, config: DedupConfig) -> None:
        if config.shingle > len(_MIX):
            raise ValueError(f"shingle size {config.shingle} is over the maximum of {len(_MIX)}")
        self.config = config
        self._hash = _HASHES[config.hash]

    @cached_property
    def _minhash(self) -> type[MinHash]:
        from datasketch import MinHash  # imports scipy (0.5 s): only runs that fingerprint pay for it

        return MinHash

    @cached_property
    def _permutations(self) -> Any:
        """datasketch's permutations for this seed and size. The default ones ship with the package
        (importing datasketch pulls in scipy, half a second an incremental run need not pay);
        tests check they equal what datasketch makes."""
        c = self.config
        shipped = _DATA / f"permutations-{c.scheme}-seed{c.seed}-{c.num_perm}.npz"
        if shipped.exists():
            with np.load(shipped) as data:
                return data["a"], data["b"]
        return self._minhash(
            num_perm=c.num_perm, seed=c.seed, hashfunc=self._hash, scheme=c.scheme
        ).permutations

    def minhash(self, hashes: np.ndarray) -> np.ndarray:
        """The datasketch MinHash hash values of a batch of shingle hashes, computed in one numpy pass
        exactly as ``MinHash.update_batch`` does (the same permutations and pre-mix), without its
        per-item Python loop. ``datasketch.MinHash(hashvalues=..., scheme=..., permutations=...)``
        rebuilds the object when one is needed."""
        c = self.config
        if c.scheme != "affine32":
            m = self._minhash(
                num_perm=c.num_perm,
                seed=c.seed,
                hashfunc=_identity,
                permutations=self._permutations,
                scheme=c.scheme,
            )
            m.update_batch(hashes.tolist())
            return np.asarray(m.hashvalues)
        a, b = self._permutations
        empty = np.full(c.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        if len(hashes) == 0:
            return empty
        hv = fmix32(hashes.astype(np.uint32))
        products = np.multiply.outer(a, hv)  # (num_perm, shingles), wrapping modulo 2**32 like datasketch
        products += b[:, None]
        return np.minimum(empty, products.min(axis=1))

    def shingle_set(self, text: str) -> set[str]:
        """The exact shingle set of a text (for verifying candidate pairs)."""
        return shingles(for_fingerprint(text).split(), self.config.shingle)

    def shingle_hashes(self, words: list[str]) -> np.ndarray:
        """Sorted distinct 32-bit hashes of the word shingles of ``words``."""
        k = self.config.shingle
        if not words:
            return np.empty(0, dtype=np.uint32)
        if len(words) < k:
            return np.array([self._hash(" ".join(words).encode("utf-8"))], dtype=np.uint32)
        h = word_hashes(words)
        n = len(words) - k + 1
        mixed = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            mixed ^= (h[j : j + n] * _MIX[j]) & np.uint64(0xFFFFFFFFFFFF)
        mixed ^= mixed >> np.uint64(29)
        return np.unique((mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32))

    def __call__(self, doc: Document) -> Document:
        """Add ``text_hash``, ``signature``, ``bands``, ``shingles`` and ``n_shingles`` to a document."""
        if not doc.ok:
            return doc
        tokens = words(doc.text)
        doc.text_hash = hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()[:32]
        hashes = self.shingle_hashes(tokens)
        values = self.minhash(hashes)
        doc.shingles = hashes
        doc.signature = values.tobytes()
        doc.signature_key = self.config.key
        doc.n_shingles = len(hashes)
        doc.bands = self.band_keys(values) if len(hashes) else []
        return doc

    def band_keys(self, hashvalues: np.ndarray) -> list[int]:
        """One signed 64-bit key per LSH band (band index mixed in, so bands never collide)."""
        r = self.config.rows
        raw = np.ascontiguousarray(hashvalues[: self.config.bands * r]).tobytes()
        width = r * np.asarray(hashvalues).itemsize
        keys = []
        for b in range(self.config.bands):
            h = xxhash.xxh64_intdigest(raw[b * width : (b + 1) * width], seed=b)
            keys.append(h - (1 << 64) if h >= (1 << 63) else h)
        return keys
