"""Real Schur form by the Francis double-shift QR algorithm (Golub & Van Loan sec. 7.4–7.5).

``hessenberg`` reduces ``A = Q H Q^T`` by Householder reflections, ``schur``
iterates implicit double-shift QR sweeps on ``H`` (deflating small subdiagonal
entries, exceptional shifts against stagnation), splits 2x2 blocks with real
eigenvalues, and ``eigvecs_triangular`` back-substitutes eigenvectors of the
(complex) triangular factor.
"""

from __future__ import annotations

import numpy as np

from ..errors import ConvergenceError
from ._blocked import householder

__all__ = ["hessenberg", "schur", "to_complex_schur", "eigvecs_triangular"]


def hessenberg(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(H, Q)`` with ``A = Q H Q^T``, ``H`` upper Hessenberg."""
    H = np.array(A, dtype=np.float64)
    n = H.shape[0]
    Q = np.eye(n)
    for k in range(n - 2):
        v, t, beta = householder(H[k + 1:, k])
        if t == 0.0:
            continue
        H[k + 1:, k:] -= np.outer(t * v, v @ H[k + 1:, k:])
        H[:, k + 1:] -= np.outer(H[:, k + 1:] @ v, t * v)
        Q[:, k + 1:] -= np.outer(Q[:, k + 1:] @ v, t * v)
        H[k + 2:, k] = 0.0
    return H, Q


def _reflect3(H, Z, k, lo, hi, x, n):
    """Apply the reflector mapping ``x`` (length 2 or 3) to e_1 at rows/cols k.."""
    v, t, _ = householder(np.asarray(x, dtype=np.float64))
    if t == 0.0:
        return
    r = slice(k, k + v.shape[0])
    c0 = max(lo, k - 1)
    H[r, c0:] -= np.outer(t * v, v @ H[r, c0:])
    top = min(k + 3, hi) + 1
    H[:top, r] -= np.outer(H[:top, r] @ v, t * v)
    Z[:, r] -= np.outer(Z[:, r] @ v, t * v)


def _sweep(H, Z, lo, hi, its, n):
    """One implicit double-shift (Francis) QR step on the active block lo..hi."""
    if its in (10, 20):  # exceptional shift (EISPACK hqr)
        s = abs(H[hi, hi - 1]) + abs(H[hi - 1, hi - 2])
        tr, dt = 1.5 * s, s * s
    else:
        a, b, c, d = H[hi - 1, hi - 1], H[hi - 1, hi], H[hi, hi - 1], H[hi, hi]
        tr, dt = a + d, a * d - b * c
    h = H
    x = h[lo, lo] * h[lo, lo] + h[lo, lo + 1] * h[lo + 1, lo] - tr * h[lo, lo] + dt
    y = h[lo + 1, lo] * (h[lo, lo] + h[lo + 1, lo + 1] - tr)
    z = h[lo + 1, lo] * h[lo + 2, lo + 1] if lo + 2 <= hi else 0.0
    for k in range(lo, hi - 1):
        _reflect3(H, Z, k, lo, hi, (x, y, z), n)
        x = H[k + 1, k]
        y = H[k + 2, k]
        if k < hi - 2:
            z = H[k + 3, k]
    _reflect3(H, Z, hi - 1, lo, hi, (x, y), n)


def _split_2x2(H, Z, k):
    """Triangularize a 2x2 diagonal block with real eigenvalues by one rotation."""
    a, b, c, d = H[k, k], H[k, k + 1], H[k + 1, k], H[k + 1, k + 1]
    p = 0.5 * (a - d)
    disc = p * p + b * c
    if disc < 0.0:
        return False
    lam = 0.5 * (a + d) + (np.sqrt(disc) if p >= 0 else -np.sqrt(disc))
    x = np.array([b, lam - a]) if abs(b) + abs(lam - a) >= abs(lam - d) + abs(c) \
        else np.array([lam - d, c])
    nx = float(np.hypot(x[0], x[1]))
    if nx == 0.0:
        return True
    cs, sn = x[0] / nx, x[1] / nx
    G = np.array([[cs, -sn], [sn, cs]])
    H[k:k + 2, k:] = G.T @ H[k:k + 2, k:]
    H[:k + 2, k:k + 2] = H[:k + 2, k:k + 2] @ G
    Z[:, k:k + 2] = Z[:, k:k + 2] @ G
    H[k + 1, k] = 0.0
    return True


def schur(A: np.ndarray, max_sweeps: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Real Schur form ``A = Z T Z^T``; 2x2 blocks of ``T`` only for complex pairs."""
    H, Z = hessenberg(A)
    n = H.shape[0]
    eps = np.finfo(np.float64).eps
    norm = max(float(np.max(np.abs(H))), np.finfo(np.float64).tiny) if n else 1.0
    hi, its, total = n - 1, 0, 0
    while hi > 0:
        lo = hi
        while lo > 0:
            s = abs(H[lo - 1, lo - 1]) + abs(H[lo, lo]) or norm
            if abs(H[lo, lo - 1]) <= eps * s:
                H[lo, lo - 1] = 0.0
                break
            lo -= 1
        if lo == hi:
            hi, its = hi - 1, 0
        elif lo == hi - 1:
            _split_2x2(H, Z, hi - 1)
            hi, its = hi - 2, 0
        else:
            its += 1
            total += 1
            if its > max_sweeps:
                raise ConvergenceError(
                    f"eig: QR iteration did not converge ({its} sweeps on one eigenvalue)",
                    iterations=total)
            _sweep(H, Z, lo, hi, its, n)
    return np.triu(H, -1), Z


def to_complex_schur(T: np.ndarray, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn each 2x2 block of a real Schur form into complex upper triangular form."""
    T = T.astype(np.complex128)
    Z = Z.astype(np.complex128)
    n = T.shape[0]
    for k in range(n - 1):
        if T[k + 1, k] == 0:
            continue
        a, b, c, d = T[k, k], T[k, k + 1], T[k + 1, k], T[k + 1, k + 1]
        p = 0.5 * (a - d)
        lam = 0.5 * (a + d) + np.sqrt(p * p + b * c)
        x = np.array([b, lam - a])
        x /= np.sqrt(np.vdot(x, x).real)
        G = np.array([[x[0], -np.conj(x[1])], [x[1], np.conj(x[0])]])
        T[k:k + 2, k:] = G.conj().T @ T[k:k + 2, k:]
        T[:k + 2, k:k + 2] = T[:k + 2, k:k + 2] @ G
        Z[:, k:k + 2] = Z[:, k:k + 2] @ G
        T[k + 1, k] = 0
    return T, Z


def eigvecs_triangular(T: np.ndarray) -> np.ndarray:
    """Unit upper triangular ``X`` with ``T X = X diag(T)`` by back substitution.

    Column k solves (T[:k, :k] - t_kk I) y = -T[:k, k]; near-zero pivots (repeated
    or defective eigenvalues) are replaced by a tiny multiple of ``||T||``, as
    LAPACK's trevc does, so the result stays finite.
    """
    n = T.shape[0]
    X = np.eye(n, dtype=T.dtype)
    diag = np.diagonal(T).copy()
    eps = np.finfo(np.float64).eps
    smin = max(eps * float(np.max(np.abs(T))) if n else 0.0, np.finfo(np.float64).tiny)
    for i in range(n - 2, -1, -1):
        den = T[i, i] - diag[i + 1:]
        den = np.where(np.abs(den) < smin, smin, den)
        X[i, i + 1:] = -(T[i, i + 1:] @ X[i + 1:, i + 1:]) / den
        big = np.max(np.abs(X[i, i + 1:]))
        if big > 1e100:  # rescale columns to avoid overflow
            scale = np.maximum(np.max(np.abs(X), axis=0), 1.0)
            X /= scale
    return X
