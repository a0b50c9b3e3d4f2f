"""Small gradient-boosted trees on logistic loss, NumPy only: fit (training) and score (inference).

Trees are stored as flat arrays (feature, threshold, left, right, value); a leaf has feature -1.
Fitting bins each feature at its quantiles and grows depth-limited trees from gradient and
hessian histograms; with the same data it gives the same trees, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

TREES = 120
DEPTH = 3
RATE = 0.1
MIN_LEAF = 10.0  # smallest hessian sum of a leaf
L2 = 1.0
BINS = 32


@dataclass(frozen=True)
class Tree:
    """One regression tree as flat arrays; node 0 is the root."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Return the leaf value each row of x falls into."""
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        while True:
            feat = self.feature[node]
            inner = feat >= 0
            if not inner.any():
                return self.value[node]
            go_left = x[rows, np.where(inner, feat, 0)] <= self.threshold[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)

    def to_dict(self) -> dict[str, list[Any]]:
        """Return the JSON object of the tree."""
        return {
            "feature": self.feature.tolist(),
            "threshold": [round(float(v), 6) for v in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 6) for v in self.value],
        }

    @classmethod
    def from_dict(cls, d: dict[str, list[Any]]) -> Tree:
        """Build a tree from its JSON object."""
        return cls(
            np.asarray(d["feature"], dtype=np.int64),
            np.asarray(d["threshold"], dtype=float),
            np.asarray(d["left"], dtype=np.int64),
            np.asarray(d["right"], dtype=np.int64),
            np.asarray(d["value"], dtype=float),
        )


def raw_scores(trees: list[Tree], base: float, x: np.ndarray) -> np.ndarray:
    """Return the log-odds of rows: base plus every tree's leaf value."""
    out = np.full(len(x), base, dtype=float)
    for tree in trees:
        out += tree.predict(x)
    return out


def _thresholds(x: np.ndarray) -> list[np.ndarray]:
    """Return, per feature, the candidate split points (midpoints between quantile values)."""
    out = []
    for col in x.T:
        values = np.unique(np.quantile(col, np.linspace(0, 1, BINS + 1), method="nearest"))
        out.append((values[:-1] + values[1:]) / 2 if len(values) > 1 else np.zeros(0))
    return out


Hist = tuple[np.ndarray, np.ndarray]


class _Grower:
    """Grows one tree on binned features from gradient and hessian histograms.

    A node's histogram is built from its rows once; of two children only the smaller is
    counted, the other is the parent's minus it."""

    def __init__(self, flat: np.ndarray, cuts: list[np.ndarray], g: np.ndarray, h: np.ndarray) -> None:
        self.flat, self.cuts, self.g, self.h = flat, cuts, g, h
        self.width = flat.shape[1]
        self.valid = np.asarray([[s < len(c) for s in range(BINS)] for c in cuts])
        self.nodes: list[list[float]] = []  # feature, threshold, left, right, value

    def hist(self, idx: np.ndarray) -> Hist:
        """Return the gradient and hessian sums per (feature, bin) of rows `idx`."""
        size = (BINS + 1) * self.width
        flat = self.flat[idx].ravel()
        gh = np.bincount(flat, np.repeat(self.g[idx], self.width), minlength=size).reshape(-1, BINS + 1)
        hh = np.bincount(flat, np.repeat(self.h[idx], self.width), minlength=size).reshape(-1, BINS + 1)
        return gh, hh

    def grow(self, idx: np.ndarray, depth: int, hist: Hist | None = None) -> int:
        """Add the node for rows `idx` (and its subtree); return its index."""
        me = len(self.nodes)
        g_sum, h_sum = float(self.g[idx].sum()), float(self.h[idx].sum())
        self.nodes.append([-1, 0.0, -1, -1, -RATE * g_sum / (h_sum + L2)])
        if depth == 0 or len(idx) < 2:
            return me
        hist = hist if hist is not None else self.hist(idx)
        split = self._best(hist, g_sum, h_sum)
        if split is None:
            return me
        f, s = split
        mask = self.flat[idx, f] - f * (BINS + 1) <= s
        left, right = idx[mask], idx[~mask]
        small = self.hist(left if len(left) <= len(right) else right)
        other = (hist[0] - small[0], hist[1] - small[1])
        lh, rh = (small, other) if len(left) <= len(right) else (other, small)
        self.nodes[me][:2] = [f, float(self.cuts[f][s])]
        self.nodes[me][2] = self.grow(left, depth - 1, lh)
        self.nodes[me][3] = self.grow(right, depth - 1, rh)
        return me

    def _best(self, hist: Hist, g_sum: float, h_sum: float) -> tuple[int, int] | None:
        """Return (feature, cut) of the split with the largest gain."""
        gl, hl = np.cumsum(hist[0], axis=1)[:, :-1], np.cumsum(hist[1], axis=1)[:, :-1]
        gr, hr = g_sum - gl, h_sum - hl
        gain = gl * gl / (hl + L2) + gr * gr / (hr + L2) - g_sum * g_sum / (h_sum + L2)
        gain[(hl < MIN_LEAF) | (hr < MIN_LEAF) | ~self.valid] = -np.inf
        f, s = np.unravel_index(int(np.argmax(gain)), gain.shape)
        return (int(f), int(s)) if gain[f, s] > 1e-9 else None

    def tree(self) -> Tree:
        """Return the grown tree as arrays."""
        a = np.asarray(self.nodes, dtype=float).reshape(-1, 5)
        return Tree(a[:, 0].astype(np.int64), a[:, 1], a[:, 2].astype(np.int64), a[:, 3].astype(np.int64), a[:, 4])


def fit(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None, trees: int = TREES, depth: int = DEPTH
) -> tuple[list[Tree], float]:
    """Fit boosted trees on rows x and 0/1 labels y (rows weighted); return the trees and the base log-odds."""
    w = np.ones(len(y)) if weight is None else weight
    p0 = float(np.clip((w * y).sum() / w.sum(), 1e-4, 1 - 1e-4)) if len(y) else 0.5
    base = float(np.log(p0 / (1 - p0)))
    if len(y) == 0:
        return [], base
    cuts = _thresholds(x)
    binned = np.stack([np.searchsorted(c, col, side="left") for c, col in zip(cuts, x.T, strict=True)], axis=1)
    flat = (binned + np.arange(x.shape[1]) * (BINS + 1)).astype(np.intp)
    score = np.full(len(y), base)
    out: list[Tree] = []
    rows = np.arange(len(y))
    for _ in range(trees):
        p = 1.0 / (1.0 + np.exp(-score))
        grower = _Grower(flat, cuts, w * (p - y), w * p * (1 - p))
        grower.grow(rows, depth)
        tree = grower.tree()
        out.append(tree)
        score += tree.predict(x)
    return out, base
