"""Symmetric tridiagonal reduction and the divide-and-conquer eigensolver.

* :func:`tridiagonalize` — blocked Householder reduction ``Q^T A Q = T``
  (Dongarra, Hammarling & Sorensen, 1989): one matrix-vector product per
  column, and the rank-2b update of the rest of the matrix as one product.
* :func:`tridiag_eigh` — Cuppen's divide and conquer (1981) with the deflation
  of Dongarra & Sorensen (1987) and the eigenvectors of Gu & Eisenstat (1995),
  which keeps them orthogonal without extra precision. Each merge ends with
  one matrix product.
"""

from __future__ import annotations

import numpy as np

from ..errors import ConvergenceError
from ._blocked import apply_block_left, householder, larft

__all__ = ["tridiagonalize", "apply_q", "tridiag_eigh"]

_NB = 32


def tridiagonalize(A: np.ndarray, block: int = _NB):
    """Reduce symmetric ``A`` to tridiagonal ``(d, e)``; reflectors packed in the returned array.

    Reflector ``k`` acts on rows ``k+1:``; its vector is stored below the
    subdiagonal of column ``k`` (unit first entry implied), ``tau[k]`` its scale.
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
    """Reduce ``b`` columns of ``S``, keeping ``S - V W^T - W V^T`` implicit, then update."""
    N = S.shape[0]
    V = np.zeros((N, b), dtype=S.dtype)
    W = np.zeros((N, b), dtype=S.dtype)
    for i in range(b):
        if i:  # bring column i up to date with the reflectors of this panel
            S[i:, i] -= V[i:, :i] @ W[i, :i] + W[i:, :i] @ V[i, :i]
        d[i] = S[i, i]
        v, t, beta = householder(S[i + 1:, i])
        e[i] = beta
        tau[i] = t
        S[i + 1, i] = beta
        S[i + 2:, i] = v[1:]
        V[i + 1:, i] = v
        if t == 0.0:
            continue
        # p = tau A v with A the current trailing matrix; w = p - (tau/2)(p.v) v
        y = S[i + 1:, i + 1:] @ v
        if i:
            y -= V[i + 1:, :i] @ (W[i + 1:, :i].T @ v) + W[i + 1:, :i] @ (V[i + 1:, :i].T @ v)
        p = t * y
        W[i + 1:, i] = p - (0.5 * t * (p @ v)) * v
    if b < N:
        S[b:, b:] -= np.hstack([V[b:], W[b:]]) @ np.hstack([W[b:], V[b:]]).T


def apply_q(packed: np.ndarray, tau: np.ndarray, Z: np.ndarray, block: int = _NB) -> np.ndarray:
    """``Q Z`` for the ``Q`` of :func:`tridiagonalize`, block by block (compact WY)."""
    k = tau.shape[0]
    below = packed[1:, :]
    for j0 in reversed(range(0, k, block)):
        j1 = min(j0 + block, k)
        V = np.tril(below[j0:, j0:j1], -1)
        V[np.arange(j1 - j0), np.arange(j1 - j0)] = 1.0
        apply_block_left(V, larft(V, tau[j0:j1]), Z[j0 + 1:], trans=False)
    return Z


def tridiag_eigh(d: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and eigenvectors of the tridiagonal matrix (d, e)."""
    n = d.shape[0]
    if n == 0:
        return d.copy(), np.zeros((0, 0), dtype=d.dtype)
    return _dc(d.astype(np.float64), e.astype(np.float64))


def _dc(d: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cuppen's split T = diag(T1, T2) + rho u u^T, u = (e_m; sign(beta) e_1)."""
    n = d.shape[0]
    if n == 1:
        return d.copy(), np.ones((1, 1))
    if n == 2:
        return _two(d, e)
    m = n // 2
    beta = float(e[m - 1])
    rho = abs(beta)
    d1 = d[:m].copy()
    d1[-1] -= rho
    d2 = d[m:].copy()
    d2[0] -= rho
    w1, Q1 = _dc(d1, e[:m - 1])
    w2, Q2 = _dc(d2, e[m:])
    Qb = np.zeros((n, n))
    Qb[:m, :m] = Q1
    Qb[m:, m:] = Q2
    z = np.concatenate([Q1[-1], (1.0 if beta >= 0 else -1.0) * Q2[0]])
    return _merge(np.concatenate([w1, w2]), z, rho, Qb)


def _two(d: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2x2 symmetric eigenproblem by one Jacobi rotation (Golub & Van Loan alg. 8.5.1)."""
    a, b, c = float(d[0]), float(e[0]), float(d[1])
    if b == 0.0:
        cs, sn = 1.0, 0.0
    else:
        zeta = (c - a) / (2.0 * b)
        t = (1.0 if zeta >= 0 else -1.0) / (abs(zeta) + np.hypot(1.0, zeta))
        cs = 1.0 / np.hypot(1.0, t)
        sn = t * cs
    w = np.array([a - (sn / cs) * b if cs else a, c + (sn / cs) * b if cs else c])
    Q = np.array([[cs, sn], [-sn, cs]])
    order = np.argsort(w, kind="stable")
    return w[order], Q[:, order]


def _deflate(D, z, rho, Qb, tol):
    """Dongarra–Sorensen deflation: tiny z_j, or close d's made so by a rotation."""
    keep: list[int] = []
    prev = -1
    for j in range(D.shape[0]):
        if rho * abs(z[j]) <= tol:
            continue
        if prev < 0:
            prev = j
            continue
        r = float(np.hypot(z[j], z[prev]))
        c, s = z[j] / r, -z[prev] / r
        if abs((D[j] - D[prev]) * c * s) <= tol:
            z[j], z[prev] = r, 0.0
            qp = Qb[:, prev].copy()
            Qb[:, prev] = c * qp + s * Qb[:, j]
            Qb[:, j] = c * Qb[:, j] - s * qp
            dp = D[prev] * c * c + D[j] * s * s
            D[j] = D[prev] * s * s + D[j] * c * c
            D[prev] = dp
        else:
            keep.append(prev)
        prev = j
    if prev >= 0:
        keep.append(prev)
    return np.array(keep, dtype=np.intp)


def _merge(D, z, rho, Qb):
    """Eigen-decomposition of diag(D) + rho z z^T in the basis Qb."""
    order = np.argsort(D, kind="stable")
    D, z, Qb = D[order], z[order], Qb[:, order]
    nz = float(np.sqrt(z @ z))
    if nz > 0.0:
        z = z / nz
        rho = rho * nz * nz
    eps = np.finfo(np.float64).eps
    tol = 8.0 * eps * max(float(np.max(np.abs(D))), rho)
    keep = _deflate(D, z, rho, Qb, tol)
    defl = np.setdiff1d(np.arange(D.shape[0]), keep, assume_unique=True)
    if keep.size:
        keep = keep[np.argsort(D[keep], kind="stable")]
        lam, U = _secular(D[keep], z[keep], rho)
        w = np.concatenate([lam, D[defl]])
        Q = np.hstack([Qb[:, keep] @ U, Qb[:, defl]])
    else:
        w, Q = D, Qb
    order = np.argsort(w, kind="stable")
    return w[order], Q[:, order]


def _secular(d, z, rho):
    """Roots of 1 + rho sum_j z_j^2 / (d_j - lam) = 0 and the vectors of Gu & Eisenstat.

    Each root is kept as its nearest pole plus an offset ``tau``, so the
    differences ``d_j - lam_i`` are accurate (Li, 1993; LAPACK dlaed4).
    """
    k = d.shape[0]
    z2 = z * z
    if k == 1:
        return d + rho * z2, np.ones((1, 1))
    right = np.append(d[1:], d[-1] + rho * z2.sum())
    mid = 0.5 * (d + right)
    fmid = 1.0 + rho * (z2 / (d[None, :] - mid[:, None])).sum(axis=1)
    idx = np.arange(k)
    o = np.where((fmid >= 0.0) | (idx == k - 1), idx, idx + 1)
    Delta = d[None, :] - d[o][:, None]
    lo = np.where(o == idx, 0.0, mid - right)
    hi = np.where(o == idx, mid - d, 0.0)
    hi[-1] = rho * z2.sum()
    tau = _solve_secular(Delta, z2, rho, lo, hi)
    delta = Delta - tau[:, None]                      # d_j - lam_i
    lam = d[o] + tau
    # Gu–Eisenstat: recompute z so that lam are the exact eigenvalues of a nearby problem
    diff = d[None, :] - d[:, None]                    # d_j - d_i
    np.fill_diagonal(diff, 1.0)
    ratio = (-delta) / (-diff)                        # (lam_i - d_j) / (d_i - d_j)
    ratio[idx, idx] = -delta[idx, idx]
    zh = np.sign(z) * np.sqrt(np.abs(np.prod(ratio, axis=0)))
    U = zh[:, None] / delta.T                         # U[j, i] = zh_j / (d_j - lam_i)
    U /= np.sqrt(np.sum(U * U, axis=0))
    return lam, U


def _solve_secular(Delta, z2, rho, lo, hi, max_iter: int = 80):
    """Safeguarded rational (two-pole) Newton iteration on each root, vectorized.

    Bunch, Nielsen & Sorensen (1978): model the sums left and right of the root
    by one pole each, solve the model's quadratic, fall back to bisection when
    the step leaves the bracket.
    """
    k = Delta.shape[0]
    eps = np.finfo(np.float64).eps
    tau = 0.5 * (lo + hi)
    active = np.arange(k)
    left = np.arange(k)[None, :] <= np.arange(k)[:, None]  # poles j <= i
    for it in range(max_iter):
        A = active
        dl = Delta[A] - tau[A][:, None]
        t = z2 / dl
        tsum = rho * t.sum(axis=1)
        f = 1.0 + tsum
        lo[A] = np.where(f < 0.0, tau[A], lo[A])
        hi[A] = np.where(f > 0.0, tau[A], hi[A])
        t2 = t / dl
        L = left[A]
        t *= L
        psi = rho * t.sum(axis=1)
        phi = tsum - psi
        dall = rho * t2.sum(axis=1)
        t2 *= L
        dpsi = rho * t2.sum(axis=1)
        dphi = dall - dpsi
        # |f| below its rounding error bound (LAPACK dlaed4's ERRETM test): converged
        err = 8.0 * (phi - psi) + 2.0 + 3.0 * np.abs(f) + np.abs(tau[A]) * (dpsi + dphi)
        conv = (f == 0.0) | (np.abs(f) <= eps * err)
        eta = _model_step(dl, A, k, f, psi, dpsi, phi, dphi)
        new = tau[A] + eta
        bad = ~((new > lo[A]) & (new < hi[A])) | ~np.isfinite(new) | (it > 50)
        new = np.where(bad, 0.5 * (lo[A] + hi[A]), new)
        new = np.where(conv, tau[A], new)
        step = np.abs(new - tau[A])
        tau[A] = new
        width = hi[A] - lo[A]
        scale = np.maximum(np.abs(lo[A]), np.abs(hi[A]))
        done = conv | (step <= 2 * eps * np.abs(new)) | (width <= 4 * eps * scale)
        active = A[~done]
        if active.size == 0:
            return tau
    raise ConvergenceError(
        f"eigh: secular equation did not converge in {max_iter} iterations "
        f"({active.size} of {k} roots left)", iterations=max_iter)


def _model_step(dl, A, k, f, psi, dpsi, phi, dphi):
    """Step eta solving c + q/(dL - eta) + s/(dR - eta) = 0 with eta in (dL, dR).

    Written with the secular value ``f`` as a factor (LAPACK dlaed4), so the step
    vanishes with ``f`` instead of suffering cancellation.
    """
    rows = np.arange(A.shape[0])
    dL = dl[rows, A]
    last = A == k - 1
    dR = np.where(last, 1.0, dl[rows, np.minimum(A + 1, k - 1)])
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
