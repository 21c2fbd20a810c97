"""Singular value decomposition (MML sec. 4.5).

``A = Q_L B Q_R^T`` with ``B`` upper bidiagonal (Golub & Kahan, 1965, by
Householder reflections from both sides, blocked). The singular triplets of
``B`` come from a divide-and-conquer method for the bidiagonal SVD (Gu &
Eisenstat, 1995), and the reflectors are applied to them block by block.
Tall matrices are first reduced by QR; wide ones are transposed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ._bidiag import bidiag_svd, bidiagonalize_blocked
from .eigen import _pow2_scale, fix_signs
from .qr import apply_q, form_q, qr_factor

__all__ = ["svd", "svdvals", "bidiagonalize"]

_QB = 128  # reflectors per block when U and V are formed (wider blocks, faster products)


def bidiagonalize(A: np.ndarray):
    """Golub–Kahan reduction of a square ``A``: returns ``d, e`` and both reflector sets.

    Blocked: see :func:`~mmlkit.decomp._bidiag.bidiagonalize_blocked`.
    """
    return bidiagonalize_blocked(A)


def _apply_right(a: np.ndarray, tr: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``Q_R X`` from the reflectors stored right of the superdiagonal (``X`` overwritten)."""
    if a.shape[0] > 1:
        apply_q(np.ascontiguousarray(a[:-1, 1:].T), tr, X[1:], block=_QB)
    return X


def _bidiag_svd(d: np.ndarray, e: np.ndarray):
    """SVD of the upper bidiagonal (d, e), singular values descending."""
    U, s, V = bidiag_svd(d, e)
    return np.ascontiguousarray(U[:, ::-1]), s[::-1].copy(), np.ascontiguousarray(V[:, ::-1])


def _svd_square(a: np.ndarray):
    d, e, packed, tl, tr = bidiagonalize(a)
    Ub, s, Vb = _bidiag_svd(d, e)
    U = apply_q(packed, tl, Ub, block=_QB)
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
