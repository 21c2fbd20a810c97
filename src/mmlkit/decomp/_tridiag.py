"""Symmetric tridiagonal reduction and the divide-and-conquer eigensolver.

* :func:`tridiagonalize` — blocked Householder reduction ``Q^T A Q = T``
  (Dongarra, Hammarling & Sorensen, 1989): one matrix-vector product per
  column, and the rank-2b update of the rest of the matrix as one product.
* :func:`tridiag_eigh` — Cuppen's divide and conquer (1981) with the deflation
  of Dongarra & Sorensen (1987) and the eigenvectors of Gu & Eisenstat (1995),
  which keeps them orthogonal without extra precision. The merges run a level
  of the tree at a time, the secular equations of a level solved together;
  each merge ends with one matrix product per diagonal block. The small
  leaves are solved all at once by a batched parallel-ordering Jacobi method.
* :func:`secular_roots` — the secular equation shared with the bidiagonal
  divide and conquer of ``svd``.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import ConvergenceError
from ._blocked import apply_block_left, larft, reflect

__all__ = ["tridiagonalize", "apply_q", "tridiag_eigh", "secular_roots", "unit_rows",
           "rotate_close_pair"]

_NB = 32
_QB = 128  # reflectors per block when Q is applied
_EPS = float(np.finfo(np.float64).eps)
#: A root whose last step was below this (relative) is taken as converged: the
#: iteration is quadratic, so the step just taken leaves an error near its square.
_STEP = 1e-9


def tridiagonalize(A: np.ndarray, block: int = _NB):
    """Reduce symmetric ``A`` to tridiagonal ``(d, e)``; reflectors packed in the returned array.

    Reflector ``k`` acts on rows ``k+1:``; its vector is stored in row ``k``
    from column ``k+1`` on (above the diagonal, unit first entry included),
    ``tau[k]`` its scale. The lower triangle of the returned array is not used.
    """
    a = np.array(A, dtype=A.dtype, order="C")
    n = a.shape[0]
    d = np.zeros(n, dtype=a.dtype)
    e = np.zeros(max(n - 1, 0), dtype=a.dtype)
    tau = np.zeros(max(n - 1, 0), dtype=a.dtype)
    for j0 in range(0, n - 1, block):
        j1 = min(j0 + block, n - 1)
        _panel(a[j0:, j0:], j1 - j0, d[j0:], e[j0:], tau[j0:])
    if n:
        d[n - 1] = a[n - 1, n - 1]
    return d, e, a, tau


def _panel(S: np.ndarray, b: int, d: np.ndarray, e: np.ndarray, tau: np.ndarray) -> None:
    """Reduce ``b`` columns of ``S``, keeping ``S - V W^T - W V^T`` implicit, then update.

    ``V W^T + W V^T = P Q^T`` with ``P = [v_1, w_1, ...]``, ``Q = [w_1, v_1, ...]``,
    kept as rows (``Pt``, ``Qt``): one vector-matrix product brings a row up to
    date. The matrix is symmetric, so row ``i`` stands for column ``i``, and
    the reflector is formed in place in that row.
    """
    N = S.shape[0]
    Pt = np.zeros((2 * b, N), dtype=S.dtype)
    Qt = np.zeros((2 * b, N), dtype=S.dtype)
    for i in range(b):
        c = 2 * i
        row = S[i, i:]
        if i:  # bring row i up to date with the reflectors of this panel
            row -= Pt[:c, i] @ Qt[:c, i:]
        d[i] = row[0]
        v = row[1:]
        t, beta = reflect(v)
        v[0] = 1.0
        e[i] = beta
        tau[i] = t
        Pt[c, i + 1:] = v
        Qt[c + 1, i + 1:] = v
        if t == 0.0:
            continue
        # p = tau A v with A the current trailing matrix; w = p - (tau/2)(p.v) v
        y = S[i + 1:, i + 1:] @ v
        if i:
            y -= (Qt[:c, i + 1:] @ v) @ Pt[:c, i + 1:]
        p = t * y
        w = p - (0.5 * t * (p @ v)) * v
        Pt[c + 1, i + 1:] = w
        Qt[c, i + 1:] = w
    if b < N:
        S[b:, b:] -= Pt[:, b:].T @ Qt[:, b:]


def apply_q(packed: np.ndarray, tau: np.ndarray, Z: np.ndarray, block: int = _QB) -> np.ndarray:
    """``Q Z`` for the ``Q`` of :func:`tridiagonalize`, block by block (compact WY).

    The blocks are wider than the reduction's panels: each is a product of
    three matrix products, which run faster on wider blocks.
    """
    k = tau.shape[0]
    for j0 in reversed(range(0, k, block)):
        j1 = min(j0 + block, k)
        V = np.triu(packed[j0:j1, j0 + 1:]).T      # column c: reflector j0 + c, unit at row c
        apply_block_left(V, larft(V, tau[j0:j1]), Z[j0 + 1:], trans=False)
    return Z


def tridiag_eigh(d: np.ndarray, e: np.ndarray, top: int | None = None):
    """Eigenvalues (ascending) and eigenvectors of the tridiagonal matrix (d, e).

    With ``top``, only the ``top`` largest eigenpairs are returned (still
    ascending); the last merge then forms only their vectors. The merges run
    bottom up, one level of the tree at a time, and the secular equations of
    a level are solved together.
    """
    n = d.shape[0]
    if n == 0:
        return d.copy(), np.zeros((0, 0), dtype=d.dtype)
    d = d.astype(np.float64)
    e = e.astype(np.float64)
    leaves: list[tuple[int, int]] = []
    levels: list[list[tuple[int, int, int]]] = []
    _tear(d, e, 0, n, leaves, levels)
    solved = _leaf_solve(d, e, leaves)
    for nodes in levels:
        _merge_level(e, nodes, solved, top, n)
    w, Q = solved[(0, n)]
    if top is not None and w.shape[0] > top:
        w, Q = w[-top:], Q[:, -top:]
    return w, Q


_LEAF = 8


def _tear(d: np.ndarray, e: np.ndarray, lo: int, hi: int, leaves: list, levels: list) -> int:
    """Cuppen's split, top down: T = diag(T1, T2) + rho u u^T, u = (e_m; sign(beta) e_1).

    Subtracts ``rho = |beta|`` from the two diagonal entries next to each cut
    (in place), records the leaves, and files each cut ``(lo, m, hi)`` under
    its height in the tree (``levels[0]``: the cuts just above the leaves), so
    that all the merges of one level are independent. Returns the height.
    """
    if hi - lo <= _LEAF:
        leaves.append((lo, hi))
        return 0
    m = lo + (hi - lo) // 2
    rho = abs(float(e[m - 1]))
    d[m - 1] -= rho
    d[m] -= rho
    h = 1 + max(_tear(d, e, lo, m, leaves, levels), _tear(d, e, m, hi, leaves, levels))
    while len(levels) < h:
        levels.append([])
    levels[h - 1].append((lo, m, hi))
    return h


def _merge_level(e, nodes, solved, top, n):
    """Merge the two halves of every cut in ``nodes`` through its rank-one update."""
    starts = []
    for lo, m, hi in nodes:
        beta = float(e[m - 1])
        w1, Q1 = solved.pop((lo, m))
        w2, Q2 = solved.pop((m, hi))
        z = np.concatenate([Q1[-1], (1.0 if beta >= 0 else -1.0) * Q2[0]])
        starts.append(_merge_start(np.concatenate([w1, w2]), z, abs(beta), Q1, Q2))
    roots = iter(secular_many([s[:3] for s in starts if s[0].shape[0]]))
    for (lo, _, hi), s in zip(nodes, starts, strict=True):
        sec = next(roots) if s[0].shape[0] else None
        solved[(lo, hi)] = _merge_finish(s, sec, top if (lo, hi) == (0, n) else None)


def _leaf_solve(d, e, leaves):
    """All leaves at once by a batched cyclic Jacobi method.

    Smaller leaves are padded to the largest with zero rows and columns. Jacobi
    never rotates a zero row (its rotation angle is exactly zero), so each
    padded coordinate stays an exact unit eigenvector with eigenvalue 0, and is
    dropped afterwards.
    """
    lo = np.array([a for a, _ in leaves])
    size = np.array([b - a for a, b in leaves])
    s = int(size.max())
    i = np.arange(s)
    inside = i < size[:, None]
    T = np.zeros((len(leaves), s, s))
    T[:, i, i] = np.where(inside, d[np.minimum(lo[:, None] + i, d.shape[0] - 1)], 0.0)
    if s > 1:
        j = i[:-1]
        off = np.where(j < size[:, None] - 1, e[np.minimum(lo[:, None] + j, e.shape[0] - 1)], 0.0)
        T[:, j, j + 1] = off
        T[:, j + 1, j] = off
    W, V = batched_jacobi(T)
    out = {}
    for b, key in enumerate(leaves):
        m = int(size[b])
        if m == s:
            out[key] = (W[b], V[b])
        else:
            real = np.flatnonzero(np.max(V[b, m:], axis=0) != 1.0)
            out[key] = (W[b, real], V[b, :m, real].T)
    return out


def _round_robin(s: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The circle method: s - 1 rounds of s/2 disjoint pairs covering all pairs (s even)."""
    players = list(range(s))
    rounds = []
    for _ in range(s - 1):
        p = np.array(players[: s // 2])
        q = np.array(players[s // 2:][::-1])
        rounds.append((np.minimum(p, q), np.maximum(p, q)))
        players = [players[0], players[-1], *players[1:-1]]
    return rounds


def batched_jacobi(T: np.ndarray, max_sweeps: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Cyclic Jacobi on a stack of small symmetric matrices, disjoint rotations in parallel.

    Each round of the round-robin ordering rotates s/2 disjoint index pairs of
    every matrix at once (Golub & Van Loan sec. 8.5.5, parallel ordering). The
    stack index is the last, contiguous axis, so every update runs along the
    whole stack. Returns ascending eigenvalues and eigenvectors for each matrix.
    """
    L, s, _ = T.shape
    pad = s % 2
    S = s + pad
    # X = [A | V^T] with the stack last: a rotation of rows p, q acts on A and V^T at once
    X = np.zeros((S, 2 * S, L))
    X[:s, :s] = np.moveaxis(T, 0, -1)
    ar = np.arange(S)
    X[ar, S + ar] = 1.0
    A = X[:, :S]
    scale = np.sqrt(np.sum(T * T, axis=(1, 2))) + np.finfo(np.float64).tiny
    # the row and column updates round differently, so A is symmetric only to a
    # few ulps and its off-diagonal part levels off near eps ||A||
    tol = S * _EPS * scale
    rounds = _round_robin(S) if S > 1 else []
    for _ in range(max_sweeps):
        offd = A.copy()
        offd[ar, ar] = 0.0
        if np.all(np.sqrt(np.sum(offd * offd, axis=(0, 1))) <= tol):
            break
        for p, q in rounds:
            _parallel_rotate(X, S, p, q)
    else:
        raise ConvergenceError("eigh: Jacobi leaf solver did not converge", iterations=max_sweeps)
    w = np.diagonal(A, axis1=0, axis2=1)[:, :s]       # (L, s)
    V = np.moveaxis(X[:s, S:S + s], -1, 0)            # V[b, i, j] = X[j, S + i]: columns
    V = np.swapaxes(V, 1, 2)
    order = np.argsort(w, axis=1, kind="stable")
    w = np.take_along_axis(w, order, axis=1)
    V = np.take_along_axis(V, order[:, None, :], axis=2)
    return w, V


def _parallel_rotate(X, S, p, q):
    """Rotate pairs (p_k, q_k) of every matrix: A <- J^T A J, V <- V J, with X = [A | V^T]."""
    app = X[p, p]
    aqq = X[q, q]
    apq = X[p, q]
    h = aqq - app
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(h >= 0, 2.0, -2.0) * apq / (np.abs(h) + np.hypot(h, 2.0 * apq))
    t[apq == 0.0] = 0.0
    c = 1.0 / np.sqrt(1.0 + t * t)
    sn = t * c
    A = X[:, :S]
    Ap, Aq = A[:, p], A[:, q]
    A[:, p], A[:, q] = c * Ap - sn * Aq, sn * Ap + c * Aq
    cr, sr = c[:, None], sn[:, None]
    Xp, Xq = X[p], X[q]
    X[p], X[q] = cr * Xp - sr * Xq, sr * Xp + cr * Xq
    X[p, q] = 0.0
    X[q, p] = 0.0


def rotate_close_pair(D: list, z: list, i: int, j: int, tol: float) -> tuple | None:
    """Deflate the pair ``(i, j)`` of close poles by a rotation, when it is safe.

    The rotation ``(c, s)`` moves all of ``z_i`` into ``z_j``; it is applied (to
    ``D`` and ``z``, Python lists, in place) when the entry it leaves behind,
    ``(D_j - D_i) c s``, is at most ``tol`` (Dongarra & Sorensen, 1987). Returns
    ``(c, s)``, or None when the poles are too far apart.
    """
    r = math.hypot(z[j], z[i])
    c, s = z[j] / r, -z[i] / r
    if not abs((D[j] - D[i]) * c * s) <= tol:
        return None
    z[j], z[i] = r, 0.0
    di = D[i] * c * c + D[j] * s * s
    D[j] = D[i] * s * s + D[j] * c * c
    D[i] = di
    return c, s


def _deflate(D, z, rho, Qb, part, tol):
    """Dongarra–Sorensen deflation: tiny z_j, or close d's made so by a rotation.

    Scans in Python floats; ``D``, ``z``, the columns of ``Qb`` and their
    ``part`` (0: nonzero only in the upper block rows, 1: only in the lower,
    2: both) are updated in place. Returns the indices that stay in the
    secular equation.
    """
    Dl, zl = D.tolist(), z.tolist()
    keep: list[int] = []
    prev = -1
    for j in range(len(Dl)):
        if rho * abs(zl[j]) <= tol:
            continue
        if prev < 0:
            prev = j
            continue
        cs = rotate_close_pair(Dl, zl, prev, j, tol)
        if cs is None:
            keep.append(prev)
        else:
            c, s = cs
            qp = Qb[:, prev].copy()
            Qb[:, prev] = c * qp + s * Qb[:, j]
            Qb[:, j] = c * Qb[:, j] - s * qp
            if part[prev] != part[j]:
                part[prev] = part[j] = 2
        prev = j
    if prev >= 0:
        keep.append(prev)
    D[:] = Dl
    z[:] = zl
    return np.array(keep, dtype=np.intp)


def _merge_start(D, z, rho, Q1, Q2):
    """The first half of a merge of diag(D) + rho z z^T in the basis diag(Q1, Q2): deflation.

    Returns the secular problem left after deflation (``d`` ascending, ``z``,
    ``rho``) followed by what :func:`_merge_finish` needs.
    """
    h = Q1.shape[0]
    n = h + Q2.shape[0]
    Qb = np.zeros((n, n))
    Qb[:h, :h] = Q1
    Qb[h:, h:] = Q2
    part = np.repeat(np.array([0, 1], dtype=np.int8), [h, n - h])
    order = np.argsort(D, kind="stable")
    D, z, Qb, part = D[order], z[order], Qb[:, order], part[order]
    nz = float(np.sqrt(z @ z))
    if nz > 0.0:
        z = z / nz
        rho = rho * nz * nz
    tol = 8.0 * _EPS * max(float(np.max(np.abs(D))), rho)
    keep = _deflate(D, z, rho, Qb, part, tol)
    gone = np.ones(n, dtype=bool)
    gone[keep] = False
    defl = np.flatnonzero(gone)
    keep = keep[np.argsort(D[keep], kind="stable")]
    return D[keep], z[keep], rho, D, Qb, part, keep, defl, h


def _merge_finish(start, sec, top=None):
    """The second half of a merge: eigenvalues and the product forming the eigenvectors.

    The final product keeps the block structure (LAPACK dlaed3): the upper
    rows only see columns that are nonzero there, and likewise the lower
    rows, which halves its cost when few columns were mixed by deflation.
    With ``top``, only the ``top`` largest eigenpairs are formed.
    """
    _, _, _, D, Qb, part, keep, defl, h = start
    n = D.shape[0]
    k = keep.size
    if k:
        lam, delta, zh = sec
        U = zh[:, None] / delta.T                     # U[j, i] = zh_j / (d_j - lam_i)
        unit_rows(U.T)
        w = np.concatenate([lam, D[defl]])
    else:
        w = D[defl]
    order = np.argsort(w, kind="stable")
    if top is not None and top < n:
        order = order[n - top:]
    Q = np.empty((n, order.shape[0]))
    fromk = order < k
    if np.any(fromk):
        Us = U[:, order[fromk]]
        cols = np.flatnonzero(fromk)
        pk = part[keep]
        up, lo = pk != 1, pk != 0
        Q[:h, cols] = Qb[:h, keep[up]] @ Us[up]
        Q[h:, cols] = Qb[h:, keep[lo]] @ Us[lo]
    cols = np.flatnonzero(~fromk)
    Q[:, cols] = Qb[:, defl[order[~fromk] - k]]
    return w[order], Q


def unit_rows(X: np.ndarray) -> np.ndarray:
    """Scale each row of ``X`` to unit 2-norm, in place.

    Rows whose squares would overflow or underflow (the vectors of graded
    problems) are first divided by their largest entry.
    """
    nrm = np.einsum("ij,ij->i", X, X)
    if not np.all((nrm > 0.0) & (nrm < np.inf)):
        X /= np.max(np.abs(X), axis=1, keepdims=True)
        nrm = np.einsum("ij,ij->i", X, X)
    X /= np.sqrt(nrm)[:, None]
    return X


def secular_roots(d, z, rho):
    """Roots ``lam`` of the secular equation, ``delta[i, j] = d_j - lam_i`` and ``z`` hat.

    ``d`` ascending and distinct, ``rho > 0``. Each root is kept as its nearest
    pole plus an offset ``tau``, so the differences ``d_j - lam_i`` are accurate
    (Li, 1993; LAPACK dlaed4). ``zh`` is the vector for which the ``lam`` are
    the exact eigenvalues of ``diag(d) + zh zh^T`` (Gu & Eisenstat, 1995), so
    ``zh`` is close to ``sqrt(rho) z``.
    """
    return secular_many([(d, z, rho)])[0]


def secular_many(problems):
    """:func:`secular_roots` of several independent problems ``(d, z, rho)``, solved together.

    The problems are padded to the largest with poles at infinity and zero
    weights, so the set-up, the iteration (one row per root) and the vectors
    run once for all of them.
    """
    out: list = [None] * len(problems)
    many = []
    for g, (d, z, rho) in enumerate(problems):
        if d.shape[0] == 1:  # one pole: the root is d + rho z^2
            lam = d + rho * z * z
            out[g] = (lam, (d - lam)[:, None], math.sqrt(rho) * z)
        else:
            many.append(g)
    if not many:
        return out
    G = len(many)
    sizes = np.array([problems[g][0].shape[0] for g in many])
    K = int(sizes.max())
    i = np.arange(K)
    valid = i < sizes[:, None]                        # (G, K): the real roots and poles
    d = np.full((G, K), np.inf)
    z = np.zeros((G, K))
    for b, g in enumerate(many):
        d[b, :sizes[b]] = problems[g][0]
        z[b, :sizes[b]] = problems[g][1]
    rho = np.array([problems[g][2] for g in many], dtype=np.float64)
    # each problem scaled by a power of 4 near its largest pole or rho: the
    # deflation tolerances are relative to that scale, so the distances from a
    # root to the poles stay far above the range where 1 / delta^2 overflows
    big = np.maximum(np.max(np.where(valid, np.abs(d), 0.0), axis=1), rho)
    scale = 4.0 ** np.round(np.log2(np.where(big > 0.0, big, 1.0)) / 2.0)
    d /= scale[:, None]
    rho = rho / scale
    w = rho[:, None] * (z * z)
    rows = np.arange(G)
    kl = sizes - 1
    last = i == kl[:, None]
    span = w.sum(axis=1)                              # the largest root is below d_k + rho |z|^2
    with np.errstate(invalid="ignore", divide="ignore"):  # the padding meets inf - inf
        right = np.full((G, K), np.inf)
        right[:, :-1] = d[:, 1:]
        right[rows, kl] = d[rows, kl] + span
        mid = 0.5 * (d + right)
        fmid = 1.0 + (w[:, None, :] / (d[:, None, :] - mid[:, :, None])).sum(axis=2)
        # the origin of each root: the nearer of the poles either side (by the sign at the middle)
        o = np.where(valid & ~((fmid >= 0.0) | last), i + 1, i)
        left = o == i
        dO = np.take_along_axis(d, o, axis=1)
        Delta = d[:, None, :] - dO[:, :, None]       # d_j - d_{o_i}; +inf in padded columns
        lo = np.where(left, 0.0, mid - right)
        hi = np.where(left, mid - d, 0.0)
        hi[rows, kl] = span
        tau = _initial_guess(d, w, fmid, left, lo, hi, i[:-1] < kl[:, None])
    baseL = np.diagonal(Delta, axis1=1, axis2=2)      # the poles either side of each root
    baseR = np.take_along_axis(Delta, np.minimum(i + 1, kl[:, None])[:, :, None], axis=2)[..., 0]
    if G == 1:  # one problem: its own matrix, and the sums as matrix-vector products
        t = _iterate(Delta[0], w[0], lo[0], hi[0], tau[0], baseL[0].copy(), baseR[0],
                     last[0], 80)
        T = t[None, :]
    else:
        t = _iterate(Delta[valid], np.broadcast_to(w[:, None, :], Delta.shape)[valid],
                     lo[valid], hi[valid], tau[valid], baseL[valid], baseR[valid],
                     last[valid], 80)
        T = np.zeros((G, K))
        T[valid] = t
    delta = Delta - T[:, :, None]                     # d_j - lam_i
    lam = dO + T
    # Gu–Eisenstat: recompute z so that lam are the exact eigenvalues of a nearby problem
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = d[:, None, :] - d[:, :, None]          # d_j - d_i
        diff[:, i, i] = 1.0
        ratio = delta / diff                          # (lam_i - d_j) / (d_i - d_j)
    ratio[:, i, i] = -delta[:, i, i]
    ratio[~valid] = 1.0
    zh = np.sign(z) * np.sqrt(np.abs(np.prod(ratio, axis=1)))
    for b, g in enumerate(many):
        k = int(sizes[b])
        out[g] = (lam[b, :k] * scale[b], delta[b, :k, :k] * scale[b],
                  zh[b, :k] * math.sqrt(scale[b]))
    return out


def _initial_guess(d, w, fmid, left, lo, hi, inner):
    """Offsets from the nearest pole by the two-pole model of the secular function.

    For the root between ``d_i`` and ``d_{i+1}``, the two poles are kept and the
    other terms are frozen at their value at the midpoint, where ``fmid`` was
    evaluated (LAPACK dlaed4's starting value). Guesses outside the bracket
    fall back to its midpoint, as does the largest root (``inner`` marks the
    others). Rows are problems, padded.
    """
    tau = 0.5 * (lo + hi)
    if d.shape[1] < 2:
        return tau
    gap = d[:, 1:] - d[:, :-1]
    zl, zr = w[:, :-1], w[:, 1:]
    c = fmid[:, :-1] + 2.0 * (zl - zr) / gap
    lt = left[:, :-1]
    a = np.where(lt, c * gap + zl + zr, zl + zr - c * gap)
    b = np.where(lt, zl * gap, -zr * gap)
    root = np.sqrt(np.abs(a * a - 4.0 * b * c))
    guess = np.where(a > 0.0, 2.0 * b / (a + root), (a - root) / (2.0 * c))
    ok = inner & np.isfinite(guess) & (guess > lo[:, :-1]) & (guess < hi[:, :-1])
    tau[:, :-1] = np.where(ok, guess, tau[:, :-1])
    return tau


def _iterate(D, W, lo_a, hi_a, tau, baseL, baseR, last, max_iter):
    """Safeguarded rational (two-pole) Newton iteration on every root, vectorized.

    Bunch, Nielsen & Sorensen (1978): model the sums left and right of the root
    by one pole each, solve the model's quadratic, fall back to bisection when
    the step leaves the bracket. Row ``i`` of ``D`` holds ``d_j - d_{o_i}`` for
    the origin ``o_i`` of root ``i``; ``W`` holds the weights ``rho z_j^2``, one
    vector shared by all rows or one row per row (padded poles: ``D = inf``,
    ``W = 0``). ``lo``, ``hi`` bracket the offsets ``tau`` from the origins,
    ``tau`` holds the starting values and is overwritten with the roots.
    """
    k, K = D.shape
    eps = _EPS
    act = np.arange(k)  # the active roots, compressed as they converge
    t = tau.copy()
    # [1 / (d_j - lam); its negative part] stacked, so one product gives both sums
    buf = np.empty((2 * k, K))
    zero = np.zeros(K)  # NumPy's minimum runs its vector loop against a row, not a scalar
    if W.ndim == 2:
        cbuf = np.empty((2 * k, K))
        ones = np.ones(K)
    for it in range(max_iter):
        # 1 / (d_j - lam): negative exactly for the poles j <= i left of the root,
        # so the sums split into psi (left) and phi (right) by sign
        a = act.size
        B = buf[:2 * a]
        r, rl = B[:a], B[a:]
        np.subtract(D, t[:, None], out=r)
        np.reciprocal(r, out=r)
        np.minimum(r, zero, out=rl)
        if W.ndim == 1:
            s1 = B @ W
            np.multiply(B, B, out=B)
            s2 = B @ W
        else:  # per-row weights (padding: r = 0 where the pole is at infinity)
            C = cbuf[:2 * a]
            C3 = C.reshape(2, a, K)
            np.multiply(B.reshape(2, a, K), W, out=C3)  # [w r; w r-]
            s1 = C @ ones
            np.multiply(C3, r, out=C3)                  # [w r^2; w r-^2]
            s2 = C @ ones
        tsum, psi = s1[:a], s1[a:]
        dall, dpsi = s2[:a], s2[a:]
        f = 1.0 + tsum
        phi = tsum - psi
        dphi = dall - dpsi
        lo_a = np.where(f < 0.0, t, lo_a)
        hi_a = np.where(f > 0.0, t, hi_a)
        # |f| below its rounding error bound (LAPACK dlaed4's ERRETM test): converged
        err = 8.0 * (phi - psi) + 2.0 + 3.0 * np.abs(f) + np.abs(t) * (dpsi + dphi)
        conv = (f == 0.0) | (np.abs(f) <= eps * err)
        eta = _model_step(baseL - t, baseR - t, last, f, psi, dpsi, phi, dphi)
        new = t + eta
        with np.errstate(invalid="ignore"):
            bad = ~((new > lo_a) & (new < hi_a)) | (it > 50)  # also catches nan
        new = np.where(bad, 0.5 * (lo_a + hi_a), new)
        new = np.where(conv, t, new)
        step = np.abs(new - t)
        scale = np.maximum(np.abs(lo_a), np.abs(hi_a))
        # the early stop trusts the quadratic rate, so it only follows a model step
        done = conv | (step <= 2 * eps * np.abs(new)) | (hi_a - lo_a <= 4 * eps * scale)
        done |= ~bad & (step <= _STEP * np.abs(new))
        tau[act] = new
        if done.all():
            return tau
        if done.any():
            keep = ~done
            act, D, t, lo_a, hi_a = act[keep], D[keep], new[keep], lo_a[keep], hi_a[keep]
            baseL, baseR, last = baseL[keep], baseR[keep], last[keep]
            if W.ndim == 2:
                W = W[keep]
        else:
            t = new
    raise ConvergenceError(
        f"secular equation (eigh, svd) did not converge in {max_iter} iterations "
        f"({act.size} of {k} roots left)", iterations=max_iter)


def _model_step(dL, dR, last, f, psi, dpsi, phi, dphi):
    """Step eta solving c + q/(dL - eta) + s/(dR - eta) = 0 with eta in (dL, dR).

    ``dL``, ``dR``: the nearest poles left and right of the current root, less
    the root; ``last`` marks the largest root, which has none on its right.
    Written with the secular value ``f`` as a factor (LAPACK dlaed4), so the step
    vanishes with ``f`` instead of suffering cancellation.
    """
    dR = np.where(last, 1.0, dR)
    with np.errstate(all="ignore"):
        dphi = np.where(last, 0.0, dphi)
        c = f - dpsi * dL - dphi * dR
        a = (dL + dR) * f - dL * dR * (dpsi + dphi)
        b = dL * dR * f
        root = np.sqrt(np.abs(a * a - 4.0 * b * c))
        big = (a + np.where(a >= 0, root, -root)) / (2.0 * c)
        small = 2.0 * b / (a + np.where(a >= 0, root, -root))
        ok_small = (small > dL) & (small < dR)
        eta = np.where(ok_small, small, big)
        eta = np.where(c == 0.0, b / a, eta)
        eta_last = dL * f / (f - dpsi * dL)
    return np.where(last, eta_last, eta)
