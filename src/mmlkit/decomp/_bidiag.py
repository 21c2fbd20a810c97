"""Blocked Golub–Kahan bidiagonalization.

Each panel of ``b`` columns is reduced one column and one row at a time while
the rest of the matrix is left untouched: the effect of the panel's reflectors
is kept in two tall matrices ``X`` and ``Y`` (Dongarra, Sorensen & Hammarling,
1989), and the trailing matrix receives it at once,

    A <- A - V Y^T - X U^T,

as one matrix product (``V``, ``U``: the panel's left and right reflectors).
"""

from __future__ import annotations

import numpy as np

from ._blocked import householder

__all__ = ["bidiagonalize_blocked"]

_NB = 32


def bidiagonalize_blocked(A: np.ndarray, block: int = _NB):
    """Reduce (m, n) ``A``, m >= n, to upper bidiagonal ``(d, e)``.

    Returns ``d, e, packed, tauq, taup``: left reflector ``k`` has its vector
    below the diagonal of column ``k`` of ``packed`` (unit head implied), right
    reflector ``k`` right of the superdiagonal of row ``k``.
    """
    a = np.array(A, dtype=np.float64, order="C")
    m, n = a.shape
    d = np.zeros(n)
    e = np.zeros(max(n - 1, 0))
    tauq = np.zeros(n)
    taup = np.zeros(max(n - 1, 0))
    for j0 in range(0, n, block):
        b = min(block, n - j0)
        S = a[j0:, j0:]
        X, Y = _panel(S, b, d[j0:], e[j0:], tauq[j0:], taup[j0:])
        if b < S.shape[1]:
            # the unit heads of the panel's reflectors are in place during the update
            S[b:, b:] -= np.hstack([S[b:, :b], X[b:]]) @ np.vstack([Y[b:].T, S[:b, b:]])
        idx = np.arange(b)
        S[idx, idx] = d[j0:j0 + b]
        last = min(b, S.shape[1] - 1)
        S[idx[:last], idx[:last] + 1] = e[j0:j0 + last]
    return d, e, a, tauq, taup


def _panel(S, b, d, e, tauq, taup):
    """Reduce the first ``b`` columns and rows of ``S``; return ``X`` and ``Y``.

    On return the reflector vectors of the panel are in ``S`` with their unit
    heads stored explicitly (on the diagonal and superdiagonal).
    """
    M, N = S.shape
    X = np.zeros((M, b))
    Y = np.zeros((N, b))
    for i in range(b):
        # bring column i up to date with the panel's earlier reflectors
        if i:
            S[i:, i] -= S[i:, :i] @ Y[i, :i] + X[i:, :i] @ S[:i, i]
        v, tq, beta = householder(S[i:, i])
        d[i], tauq[i] = beta, tq
        S[i:, i] = v
        if i + 1 >= N:
            continue
        # Y[:, i] = tauq * (A - V Y^T - X U^T)^T v on columns i+1:
        y = S[i:, i + 1:].T @ v
        if i:
            y -= Y[i + 1:, :i] @ (S[i:, :i].T @ v) + S[:i, i + 1:].T @ (X[i:, :i].T @ v)
        Y[i + 1:, i] = tq * y
        # bring row i up to date (its column part already includes v's unit head)
        r = S[i, i + 1:]
        r -= Y[i + 1:, :i + 1] @ S[i, :i + 1]
        if i:
            r -= S[:i, i + 1:].T @ X[i, :i]
        u, tp, gamma = householder(r)
        e[i], taup[i] = gamma, tp
        S[i, i + 1:] = u
        # X[:, i] = taup * (A - V Y^T - X U^T) u on rows i+1:
        x = S[i + 1:, i + 1:] @ u
        x -= S[i + 1:, :i + 1] @ (Y[i + 1:, :i + 1].T @ u)
        if i:
            x -= X[i + 1:, :i] @ (S[:i, i + 1:] @ u)
        X[i + 1:, i] = tp * x
    return X, Y
