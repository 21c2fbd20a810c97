"""Blocked Golub–Kahan bidiagonalization.

Each panel of ``b`` columns is reduced one column and one row at a time while
the rest of the matrix is left untouched: the effect of the panel's reflectors
is kept in two tall matrices ``X`` and ``Y`` (Dongarra, Sorensen & Hammarling,
1989), and the trailing matrix receives it at once,

    A <- A - V Y^T - X U^T,

as one matrix product (``V``, ``U``: the panel's left and right reflectors).
The bidiagonal's SVD follows by divide and conquer (:func:`bidiag_svd`).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ConvergenceError
from ._blocked import reflector
from ._tridiag import _round_robin, rotate_close_pair, secular_many, secular_roots, unit_rows

__all__ = ["bidiagonalize_blocked", "bidiag_svd"]

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
        P, Q = _panel(S, b, d[j0:], e[j0:], tauq[j0:], taup[j0:])
        if b < S.shape[1]:
            S[b:, b:] -= P[b:] @ Q[b:].T
    return d, e, a, tauq, taup


def _panel(S, b, d, e, tauq, taup):
    """Reduce the first ``b`` columns and rows of ``S``; return ``P`` and ``Q``.

    The panel's reflectors act on the rest as ``S - P Q^T`` with
    ``P = [v_1, x_1, v_2, x_2, ...]`` and ``Q = [y_1, u_1, y_2, u_2, ...]``
    (left reflectors ``v``, right ones ``u``), so each column and row is
    brought up to date by one matrix-vector product.
    """
    M, N = S.shape
    P = np.zeros((M, 2 * b))
    Q = np.zeros((N, 2 * b))
    for i in range(b):
        c = 2 * i
        if i:
            S[i:, i] -= P[i:, :c] @ Q[i, :c]
        v, tq, beta = reflector(S[i:, i])
        d[i], tauq[i] = beta, tq
        P[i:, c] = v
        S[i, i] = beta
        S[i + 1:, i] = v[1:]
        if i + 1 >= N:
            continue
        # y = tauq * (current matrix)^T v on columns i+1:
        y = S[i:, i + 1:].T @ v
        if i:
            y -= Q[i + 1:, :c] @ (v @ P[i:, :c])
        Q[i + 1:, c] = tq * y
        # row i after the left reflector, then its right reflector
        r = S[i, i + 1:] - Q[i + 1:, :c + 1] @ P[i, :c + 1]
        u, tp, gamma = reflector(r)
        e[i], taup[i] = gamma, tp
        Q[i + 1:, c + 1] = u
        S[i, i + 1] = gamma
        S[i, i + 2:] = u[1:]
        # x = taup * (current matrix) u on rows i+1:
        x = S[i + 1:, i + 1:] @ u - P[i + 1:, :c + 1] @ (u @ Q[i + 1:, :c + 1])
        P[i + 1:, c + 1] = tp * x
    return P, Q


# ----------------------------------------------------------------------------- bidiagonal SVD
_BLEAF = 16


def bidiag_svd(d: np.ndarray, e: np.ndarray):
    """SVD ``B = U diag(s) V^T`` of the upper bidiagonal ``B = bidiag(d, e)``.

    Divide and conquer (Gu & Eisenstat, 1995): ``B`` is split at its middle
    row ``k`` into the ``k x (k+1)`` block above, the row itself and the square
    block below. A chain of rotations from the right turns the upper block into
    a square bidiagonal and a zero column, both blocks are solved recursively,
    and the row becomes the first row of a matrix ``M = e_1 z^T + diag(d)``
    (``d_1 = 0``), whose singular values solve
    ``1 + sum_j z_j^2 / (d_j^2 - sigma^2) = 0``. The splits only depend on
    ``(d, e)``, so they are all made first and the small leaves are solved
    together by one-sided Jacobi; the merges then run a level of the tree at a
    time, with the secular equations of a level solved together. ``s`` is
    ascending.
    """
    n = d.shape[0]
    if n == 0:
        return np.zeros((0, 0)), np.zeros(0), np.zeros((0, 0))
    leaves: list = []
    levels: list = []
    root, _ = _split(np.array(d, dtype=np.float64), np.array(e, dtype=np.float64), leaves,
                     levels)
    solved = _leaf_svd(leaves)
    if not isinstance(root, tuple):
        return solved[root]
    done: dict = {}
    for nodes in levels:  # bottom up; the merges of a level share one secular solve
        starts = [_merge_start(node, solved, done) for node in nodes]
        roots = iter(secular_many([st[-1][0] for st in starts if st[-1][0] is not None]))
        for node, st in zip(nodes, starts, strict=True):
            prob, state = st[-1]
            done[id(node)] = _merge_finish(node, st, next(roots) if prob is not None else None)
    return done[id(root)]


def _split(d, e, leaves, levels):
    """Tree of splits: a leaf index, or ``(k, rotations, alpha, beta, left, right)``.

    Returns the tree and its height; each split is also filed under its height
    in ``levels`` (``levels[0]``: the splits just above the leaves), so that the
    merges of one level are independent.
    """
    n = d.shape[0]
    if n <= _BLEAF:
        leaves.append((d, e))
        return len(leaves) - 1, 0
    k = n // 2
    a, b = d[:k].copy(), e[:k].copy()
    rot = _chase(a, b)
    left, hl = _split(a, b[:k - 1], leaves, levels)
    right, hr = _split(d[k + 1:], e[k + 1:], leaves, levels) if k + 1 < n else (None, 0)
    beta = float(e[k]) if k + 1 < n else 0.0
    node = (k, rot, float(d[k]), beta, left, right)
    h = 1 + max(hl, hr)
    while len(levels) < h:
        levels.append([])
    levels[h - 1].append(node)
    return node, h


def _take(x, solved, done):
    return done.pop(id(x)) if isinstance(x, tuple) else solved[x]


def _merge_start(node, solved, done):
    """The children's SVDs, the arrow matrix they leave, and its deflation."""
    k, rot, alpha, beta, left, right = node
    U1, s1, V1s = _take(left, solved, done)
    V1 = np.zeros((k + 1, k + 1))
    V1[:k, :k] = V1s
    V1[k, k] = 1.0
    _apply_chase(V1, rot)
    if right is not None:
        U2, s2, V2 = _take(right, solved, done)
    else:
        U2, s2, V2 = np.zeros((0, 0)), np.zeros(0), np.zeros((0, 0))
    dd = np.concatenate([[0.0], s1, s2])
    z = np.concatenate([[alpha * V1[k, k]], alpha * V1[k, :k], beta * V2[0, :] if s2.size else []])
    return U1, V1, U2, V2, _arrow_start(dd, z)


def _merge_finish(node, start, roots):
    """The merged ``(U, s, V)`` from the arrow matrix's SVD."""
    k = node[0]
    U1, V1, U2, V2, (_, state) = start
    Um, s, Vm = _arrow_finish(state, roots)
    n = s.shape[0]
    U = np.empty((n, n))
    U[:k] = U1 @ Um[1:k + 1]
    U[k] = Um[0]
    U[k + 1:] = U2 @ Um[k + 1:]
    V = np.empty((n, n))
    V[:k + 1] = np.hstack([V1[:, k:], V1[:, :k]]) @ Vm[:k + 1]
    V[k + 1:] = V2 @ Vm[k + 1:]
    return U, s, V


def _leaf_svd(leaves):
    """All leaves at once, grouped by size: ``[(U, s ascending, V), ...]``."""
    out: list = [None] * len(leaves)
    for size in sorted({d.shape[0] for d, _ in leaves}):
        ids = [i for i, (d, _) in enumerate(leaves) if d.shape[0] == size]
        B = np.zeros((len(ids), size, size))
        idx = np.arange(size)
        for b, i in enumerate(ids):
            d, e = leaves[i]
            B[b, idx, idx] = d
            B[b, idx[:-1], idx[1:]] = e
        U, s, V = batched_svd(B)
        for b, i in enumerate(ids):
            out[i] = (U[b], s[b], V[b])
    return out


#: Inner products below this (on a stack scaled to entries <= 1) are left alone.
_NEGLIGIBLE = 1e-250


def batched_svd(B: np.ndarray, max_sweeps: int = 40):
    """SVD of a stack of small square matrices: one-sided Jacobi, then Householder QR.

    Rotations of disjoint column pairs, all pairs of a round at once, make the
    columns of ``W = B V`` orthogonal (Hestenes' method; parallel ordering as
    in Golub & Van Loan sec. 8.5.5). The columns, largest first, are then
    factored ``W = Q R``: ``R`` is diagonal up to rounding, ``U = Q`` is
    orthogonal even where singular values vanish. ``s`` ascending.
    """
    L, m, _ = B.shape
    pad = m % 2
    S = m + pad
    scale = np.max(np.abs(B), axis=(1, 2))
    scale = np.where(scale > 0, 2.0 ** np.round(np.log2(np.where(scale > 0, scale, 1.0))), 1.0)
    # row j of X: column j of W (first m entries), then column j of V
    X = np.zeros((L, S, m + S))
    X[:, :m, :m] = np.swapaxes(B, 1, 2) / scale[:, None, None]
    X[:, np.arange(S), m + np.arange(S)] = 1.0
    eps = np.finfo(np.float64).eps
    tol = S * eps
    rounds = _round_robin(S) if S > 1 else []
    for _ in range(max_sweeps):
        rotated = False
        W = X[:, :, :m]
        nrm = np.einsum("lij,lij->li", W, W)           # squared column norms, updated per rotation
        for p, q in rounds:
            Xp, Xq = X[:, p], X[:, q]
            gamma = np.einsum("lij,lij->li", Xp[:, :, :m], Xq[:, :, :m])
            alpha, beta = nrm[:, p], nrm[:, q]
            g = np.abs(gamma)
            act = (g > tol * np.sqrt(alpha) * np.sqrt(beta)) & (g > _NEGLIGIBLE)
            if not np.any(act):
                continue
            with np.errstate(all="ignore"):
                zeta = (beta - alpha) / (2.0 * gamma)
                t = np.where(zeta >= 0, 1.0, -1.0) / (np.abs(zeta) + np.hypot(1.0, zeta))
            t = np.where(act & np.isfinite(t), t, 0.0)
            if not np.any(t):
                continue
            rotated = True
            c = 1.0 / np.sqrt(1.0 + t * t)
            sn = (c * t)[:, :, None]
            c = c[:, :, None]
            X[:, p], X[:, q] = c * Xp - sn * Xq, sn * Xp + c * Xq
            nrm[:, p] = np.maximum(alpha - t * gamma, 0.0)
            nrm[:, q] = np.maximum(beta + t * gamma, 0.0)
        if not rotated:
            break
    else:
        raise ConvergenceError("svd: Jacobi leaf solver did not converge", iterations=max_sweeps)
    W = np.swapaxes(X[:, :m, :m], 1, 2)
    V = np.swapaxes(X[:, :m, m:m + m], 1, 2)
    norms = np.sum(W * W, axis=1)
    order = np.argsort(-norms, axis=1, kind="stable")
    W = np.take_along_axis(W, order[:, None, :], axis=2)
    V = np.take_along_axis(V, order[:, None, :], axis=2)
    Q, r = _batched_qr(W)
    Q *= np.where(r < 0, -1.0, 1.0)[:, None, :]
    order = np.argsort(np.abs(r), axis=1, kind="stable")  # rounding may swap near-ties
    s = np.take_along_axis(np.abs(r), order, axis=1) * scale[:, None]
    Q = np.take_along_axis(Q, order[:, None, :], axis=2)
    V = np.take_along_axis(V, order[:, None, :], axis=2)
    return Q, s, V


def _batched_qr(W):
    """Householder QR of a stack of square matrices: ``Q`` and the diagonal of ``R``."""
    L, m, _ = W.shape
    R = W.copy()
    Q = np.broadcast_to(np.eye(m), (L, m, m)).copy()
    for j in range(m - 1):
        x = R[:, j:, j]
        x0 = x[:, 0]
        sig = np.sum(x[:, 1:] * x[:, 1:], axis=1)
        norm = np.sqrt(x0 * x0 + sig)
        beta = np.where(x0 >= 0, -norm, norm)
        live = sig > 0.0
        v = x.copy()
        v[:, 0] = np.where(live, x0 - beta, 1.0)
        vv = np.sum(v * v, axis=1)
        tau = np.where(live, 2.0 / np.where(live, vv, 1.0), 0.0)
        # R <- H R, Q <- Q H with H = I - tau v v^T
        tv = tau[:, None] * v
        R[:, j:, j:] -= tv[:, :, None] * np.einsum("bi,bij->bj", v, R[:, j:, j:])[:, None, :]
        Q[:, :, j:] -= np.einsum("bij,bj->bi", Q[:, :, j:], v)[:, :, None] * tv[:, None, :]
    return Q, np.diagonal(R, axis1=1, axis2=2).copy()


def _chase(a, b):
    """Rotations ``G`` from the right with ``[a, b] G = [square bidiagonal, 0]`` (in place).

    ``(a, b)`` is the ``k x (k+1)`` upper bidiagonal with diagonal ``a`` and
    superdiagonal ``b`` (``b[k-1]`` in the last column). Rotation ``j`` mixes
    columns ``j`` and ``k``; returns the list of ``(j, c, s)`` in the order applied.
    """
    k = a.shape[0]
    f = float(b[k - 1])
    rot = []
    for j in range(k - 1, -1, -1):
        aj = float(a[j])
        r = math.hypot(aj, f)
        c, s = (aj / r, f / r) if r != 0.0 else (1.0, 0.0)
        a[j] = r
        if j:
            f = -s * float(b[j - 1])
            b[j - 1] *= c
        rot.append((j, c, s))
    return rot


def _apply_chase(X, rot):
    """``X <- G X`` for the rotations of :func:`_chase` (rows ``j`` and ``k``)."""
    k = X.shape[0] - 1
    xk = X[k].copy()
    for j, c, s in reversed(rot):
        xj = X[j].copy()
        X[j] = c * xj - s * xk
        xk = s * xj + c * xk
    X[k] = xk


def _arrow_svd(dd, z):
    """SVD of ``M = e_1 z^T + diag(dd)`` with ``dd[0] = 0``, ``dd >= 0``; ``s`` ascending.

    Deflation (LAPACK dlasd2's cases): a tiny ``z_j`` leaves ``dd_j`` and unit
    vectors; a tiny ``dd_j`` is rotated into ``z_1`` from the right; two close
    ``dd`` are made equal by one rotation from both sides. The rest solve the
    secular equation in the squares, ``diag(dd^2) + z z^T = M^T M``.
    """
    prob, state = _arrow_start(dd, z)
    return _arrow_finish(state, secular_roots(*prob) if prob is not None else None)


def _arrow_start(dd, z):
    """Deflation of the arrow matrix: the secular problem left (or None) and the state."""
    n = dd.shape[0]
    eps = np.finfo(np.float64).eps
    top = max(float(np.max(dd)), float(np.max(np.abs(z))))
    if top == 0.0:
        return None, (n, None)
    scale = float(2.0 ** np.round(np.log2(top)))     # exact; keeps the squares in range
    dd, z = dd / scale, z / scale
    tol = 8.0 * eps * top / scale
    p = np.argsort(dd, kind="stable")
    D = dd[p].tolist()
    zl = z[p].tolist()
    if abs(zl[0]) < tol:
        zl[0] = tol
    usign = np.ones(n)
    rots = []
    keep = [0]
    prev = -1
    for j in range(1, n):
        if abs(zl[j]) <= tol:
            continue
        if D[j] <= tol:
            r = math.hypot(zl[0], zl[j])
            c, s = zl[0] / r, zl[j] / r
            zl[0], zl[j] = r, 0.0
            rots.append((0, j, c, s, False))
            D[j] *= abs(c)
            if c < 0:
                usign[j] = -1.0
            continue
        if prev < 0:
            prev = j
            continue
        cs = rotate_close_pair(D, zl, prev, j, tol)
        if cs is None:
            keep.append(prev)
        else:
            rots.append((prev, j, *cs, True))
        prev = j
    if prev >= 0:
        keep.append(prev)
    if len(keep) == 1:                                # M e_1 = z_1 e_1: nothing to solve
        keep = []
        D[0] = abs(zl[0])
        usign[0] = -1.0 if zl[0] < 0 else 1.0
    D = np.array(D)
    zv = np.array(zl)
    keep = np.array(keep, dtype=np.intp)
    keep = keep[np.argsort(D[keep], kind="stable")]
    defl = np.setdiff1d(np.arange(n), keep, assume_unique=True)
    prob = None
    if keep.size:
        zk = zv[keep]
        nz = float(np.sqrt(zk @ zk))
        prob = (D[keep] ** 2, zk / nz, nz * nz)
    return prob, (n, (scale, p, D, keep, defl, usign, rots))


def _arrow_finish(state, roots):
    """The arrow matrix's ``(U, s ascending, V)`` from its deflation and secular roots."""
    n, rest = state
    if rest is None:  # the zero matrix
        return np.eye(n), np.zeros(n), np.eye(n)
    scale, p, D, keep, defl, usign, rots = rest
    if keep.size:
        lam, delta, zh = roots
        sk = np.sqrt(lam)
        # v_j ~ zh_j / (d_j^2 - sigma^2); u = M v / sigma: u_1 ~ -1, u_j ~ d_j v_j
        Vk = zh[:, None] / delta.T
        Uk = D[keep][:, None] * Vk
        Uk[0] = -1.0
        unit_rows(Vk.T)
        unit_rows(Uk.T)
    else:
        sk = np.zeros(0)
    w = np.concatenate([sk, D[defl]])
    order = np.argsort(w, kind="stable")
    pos = np.empty(n, dtype=np.intp)
    pos[order] = np.arange(n)
    nk = keep.shape[0]
    Um = np.zeros((n, n))
    Vm = np.zeros((n, n))
    if nk:
        Um[np.ix_(keep, pos[:nk])] = Uk
        Vm[np.ix_(keep, pos[:nk])] = Vk
    Um[defl, pos[nk:]] = usign[defl]
    Vm[defl, pos[nk:]] = 1.0
    for i, j, c, s, both in reversed(rots):
        for X in ((Vm, Um) if both else (Vm,)):
            xi = X[i].copy()
            X[i] = c * xi - s * X[j]
            X[j] = s * xi + c * X[j]
    Uo = np.empty((n, n))
    Vo = np.empty((n, n))
    Uo[p] = Um
    Vo[p] = Vm
    return Uo, w[order] * scale, Vo
