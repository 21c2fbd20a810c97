"""Singular value decomposition (MML sec. 4.5).

``A = Q_L B Q_R^T`` with ``B`` upper bidiagonal (Golub & Kahan, 1965, by
Householder reflections from both sides). The singular triplets of ``B`` come
from the symmetric tridiagonal Golub–Kahan matrix

    T = tridiag((d_1, e_1, d_2, e_2, ..., d_n), zero diagonal),

whose eigenvalues are ``+-sigma_i`` and whose eigenvectors interleave ``v`` and
``u``; it is solved by the divide-and-conquer eigensolver of ``eigh``. Tall
matrices are first reduced by QR; wide ones are transposed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ._bidiag import bidiagonalize_blocked
from ._tridiag import tridiag_eigh
from .eigen import _pow2_scale, fix_signs
from .qr import apply_q, form_q, qr, qr_factor

__all__ = ["svd", "svdvals", "bidiagonalize"]

#: Singular values below this fraction of the largest get re-orthonormalized vectors.
_SEPARATED = 1e-2


def bidiagonalize(A: np.ndarray):
    """Golub–Kahan reduction of a square ``A``: returns ``d, e`` and both reflector sets.

    Blocked: see :func:`~mmlkit.decomp._bidiag.bidiagonalize_blocked`.
    """
    return bidiagonalize_blocked(A)


def _apply_right(a: np.ndarray, tr: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``Q_R X`` from the reflectors stored right of the superdiagonal (``X`` overwritten)."""
    if a.shape[0] > 1:
        apply_q(np.ascontiguousarray(a[:-1, 1:].T), tr, X[1:])
    return X


def _bidiag_svd(d: np.ndarray, e: np.ndarray):
    """SVD of the upper bidiagonal (d, e) through the Golub–Kahan tridiagonal matrix."""
    n = d.shape[0]
    off = np.zeros(2 * n - 1)
    off[0::2] = d
    off[1::2] = e
    w, Y = tridiag_eigh(np.zeros(2 * n), off, top=n)  # the n largest
    top = slice(n - 1, None, -1)                      # descending
    s = w[top]
    V = np.sqrt(2.0) * Y[0::2, top]
    U = np.sqrt(2.0) * Y[1::2, top]
    neg = s < 0.0                                     # a tiny negative: flip one side
    s = np.abs(s)
    U[:, neg] *= -1.0
    order = np.argsort(-s, kind="stable")
    return U[:, order], s[order], V[:, order]


def _orthonormalize_tail(X: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Keep columns of well-separated singular values; repair the rest if needed.

    A pair ``+-sigma`` of the Golub–Kahan matrix only rescales ``u`` and ``v``
    (undone by normalizing), but several singular values near zero mix with
    each other's negatives, and their columns can lose orthogonality. Those
    columns are then replaced by an orthonormal completion of the others,
    which changes ``U S V^T`` only at the level of those small singular values.
    """
    X /= np.maximum(np.sqrt(np.sum(X * X, axis=0)), np.finfo(np.float64).tiny)
    if s.size == 0:
        return X
    r = int(np.sum(s > _SEPARATED * s[0])) if s[0] > 0.0 else 0
    if r == s.size:
        return X
    m, k = X.shape
    E = X[:, r:].T @ X
    E[:, r:] -= np.eye(k - r)
    if np.max(np.abs(E)) <= 4.0 * m * np.finfo(np.float64).eps:
        return X
    Q, R = qr(X)
    sign = np.where(np.diagonal(R) < 0, -1.0, 1.0)
    X[:, r:] = Q[:, r:] * sign[r:]
    return X


def _svd_square(a: np.ndarray):
    d, e, packed, tl, tr = bidiagonalize(a)
    Ub, s, Vb = _bidiag_svd(d, e)
    Ub = _orthonormalize_tail(Ub, s)
    Vb = _orthonormalize_tail(Vb, s)
    U = apply_q(packed, tl, Ub)
    V = _apply_right(packed, tr, Vb)
    return U, s, V


def svd(A: Any, full_matrices: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Singular value decomposition.

    .. math:: A = U \Sigma V^\top, \quad \sigma_1 \ge \dots \ge \sigma_k \ge 0

    Parameters
    ----------
    A : array_like of shape (m, n)
    full_matrices : bool
        ``False`` (default): ``U`` is (m, k) and ``Vt`` is (k, n), ``k = min(m, n)``;
        ``True``: ``U`` is (m, m) and ``Vt`` is (n, n).

    Returns
    -------
    U : ndarray, orthonormal columns (left singular vectors)
    s : ndarray of shape (k,), descending, non-negative
    Vt : ndarray, orthonormal rows (right singular vectors)

    Each right singular vector has its largest-magnitude entry positive.

    Examples
    --------
    >>> from mmlkit.decomp import svd
    >>> U, s, Vt = svd([[3.0, 0.0], [4.0, 5.0]])
    >>> s
    array([6.70820393, 2.23606798])
    >>> import numpy as np
    >>> np.allclose(U @ np.diag(s) @ Vt, [[3.0, 0.0], [4.0, 5.0]])
    True
    """
    a = as_matrix(A, "A")
    dtype = a.dtype
    m, n = a.shape
    if m < n:
        V, s, U = _svd_tall(a.T, full_matrices)
    else:
        U, s, V = _svd_tall(a, full_matrices)
    _fix_pair_signs(U, V)
    return U.astype(dtype), s.astype(dtype), V.T.astype(dtype)


def _svd_tall(a: np.ndarray, full_matrices: bool):
    """``(U, s, V)`` of an (m, n) matrix with m >= n, signs not yet fixed."""
    m, n = a.shape
    if n == 0:
        U = np.eye(m) if full_matrices else np.zeros((m, 0))
        return U, np.zeros(0), np.zeros((0, 0))
    scale = _pow2_scale(a)
    x = a.astype(np.float64) / scale
    if m > n:
        packed, tau = qr_factor(x)
        Ur, s, V = _svd_square(np.triu(packed[:n, :]))
        U = form_q(packed, tau, m if full_matrices else n)
        U[:, :n] = U[:, :n] @ Ur
    else:
        U, s, V = _svd_square(x)
    return U, s * scale, V


def _fix_pair_signs(U: np.ndarray, V: np.ndarray) -> None:
    """Sign rule on the right vectors, carried over to the left ones (in place).

    Columns beyond the ``min(m, n)`` pairs (the completions in
    ``full_matrices``) get the rule themselves.
    """
    k = min(U.shape[1], V.shape[1])
    before = V[:, :k].copy()
    fix_signs(V[:, :k])
    flip = np.sign(np.sum(V[:, :k] * before, axis=0))
    U[:, :k] *= np.where(flip < 0, -1.0, 1.0)
    fix_signs(U[:, k:])
    fix_signs(V[:, k:])


def svdvals(A: Any) -> np.ndarray:
    r"""Singular values, descending (see :func:`svd`).

    .. math:: \sigma_i = \sqrt{\lambda_i(A^\top A)}

    Examples
    --------
    >>> from mmlkit.decomp import svdvals
    >>> svdvals([[0.0, 2.0], [1.0, 0.0]])
    array([2., 1.])
    """
    return svd(A)[1]
