"""Near-duplicate decisions: candidates from stored LSH bands are verified on their exact word
shingles before anything is marked, and clusters are kept with the earliest document canonical.

A pair is a duplicate when its shingle Jaccard reaches ``DedupConfig.jaccard``, or when the
smaller document is contained in the larger at ``DedupConfig.containment`` (truncated copies,
updates with an added paragraph). Same raw bytes or same normalized text are exact duplicates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ingest.document import Document, Match
from ingest.fingerprint import Fingerprinter
from ingest.normalize import words
from ingest.store import Store


def similarity(a: Any, b: Any) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two shingle sets: Python sets, or
    sorted arrays of distinct shingle hashes."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(a & b) if isinstance(a, set) else int(np.intersect1d(a, b, assume_unique=True).size)
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def find_matches(doc: Document, store: Store, fp: Fingerprinter) -> list[Match]:
    """Every stored document that ``doc`` is a verified near-duplicate of."""
    config = fp.config
    found: dict[str, Match] = {}
    for other in store.same_bytes(doc.raw.sha256, doc.id):
        found[other] = Match(other, 1.0, 1.0, "same-bytes")
    for other in store.same_text(doc.text_hash, doc.id):
        found.setdefault(other, Match(other, 1.0, 1.0, "same-text"))
    candidates = [c for c in store.band_candidates(doc.bands, doc.id) if c not in found]
    if candidates:
        mine = doc.shingles if doc.shingles is not None else fp.shingle_hashes(words(doc.text))
        for other, (_, theirs) in store.shingles(candidates).items():
            jac, cont = similarity(mine, theirs)
            contained = cont >= config.containment and min(len(mine), len(theirs)) >= config.min_shingles
            if jac >= config.jaccard or contained:
                found[other] = Match(other, round(jac, 4), round(cont, 4), "minhash")
    return sorted(found.values(), key=lambda m: m.other_id)


def join_cluster(doc: Document, matches: list[Match], store: Store) -> bool:
    """Fast path for the common case: a new document whose matches all sit in one existing cluster
    whose canonical came first. Returns False when the general ``recluster`` is needed."""
    clusters = store.clusters_of([m.other_id for m in matches])
    if len(clusters) != 1:
        return False
    canonical, size = next(iter(clusters.values()))
    if canonical is None:
        return False
    jac = next((m.jaccard for m in matches if m.other_id == canonical), None)
    if jac is None:
        mine = doc.shingles if doc.shingles is not None else np.empty(0, np.uint32)
        theirs = store.shingles([canonical]).get(canonical)
        if theirs is None:
            return False
        jac, _ = similarity(mine, theirs[1])
    store.grow_cluster(canonical, size + 1)
    store.set_cluster(doc.id, canonical, size + 1, canonical, round(jac, 4))
    return True


def recluster(ids: set[str], store: Store) -> None:
    """Recompute the clusters containing ``ids`` from the verified pairs.

    Clusters are connected components of the pair graph; the canonical document is the one
    ingested first (lowest ``seq``); every other member points to it with its Jaccard to it.
    """
    members = store.cluster_of(ids)
    pairs = store.pairs_among(members)
    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        parent[find(a)] = find(b)
    shingles = store.shingles(members)
    groups: dict[str, list[str]] = {}
    for m in members:
        if m in shingles:
            groups.setdefault(find(m), []).append(m)
    direct = {frozenset((a, b)): jac for a, b, jac in pairs}
    for group in groups.values():
        canonical = min(group, key=lambda m: shingles[m][0])
        for m in group:
            if m == canonical:
                store.set_cluster(m, canonical, len(group), None, None)
                continue
            jac = direct.get(frozenset((m, canonical)))
            if jac is None:
                jac, _ = similarity(shingles[m][1], shingles[canonical][1])
            store.set_cluster(m, canonical, len(group), canonical, round(jac, 4))
