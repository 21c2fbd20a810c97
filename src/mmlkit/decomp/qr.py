"""Householder QR decomposition (MML sec. 3.8; Golub & Van Loan sec. 5.2).

Fast path: compact-WY blocked Householder QR. Each panel is factorized one
column at a time, its reflectors are gathered into ``I - V T V^T`` and applied
to the rest of the matrix with matrix products. ``Q`` is formed the same way,
block by block from the right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ..errors import InputValueError
from ._blocked import NB, apply_block_left, householder, larft

__all__ = ["qr", "qr_factor", "qr_unblocked", "form_q", "apply_q"]


def _panel(a: np.ndarray, j0: int, j1: int, tau: np.ndarray) -> None:
    """Unblocked Householder on columns ``j0:j1``; reflectors stored below the diagonal."""
    for j in range(j0, j1):
        v, t, beta = householder(a[j:, j])
        tau[j] = t
        a[j, j] = beta
        a[j + 1:, j] = v[1:]
        if t != 0.0 and j + 1 < j1:
            c = a[j:, j + 1:j1]
            c -= np.outer(t * v, v @ c)


def _reflectors(a: np.ndarray, j0: int, j1: int) -> np.ndarray:
    """The unit lower trapezoidal ``V`` of panel ``j0:j1``."""
    V = np.tril(a[j0:, j0:j1], -1)
    V[np.arange(j1 - j0), np.arange(j1 - j0)] = 1.0
    return V


def qr_factor(A: Any, *, block: int = NB) -> tuple[np.ndarray, np.ndarray]:
    """Packed factors: ``R`` on and above the diagonal, reflectors below, and ``tau``."""
    a = as_matrix(A, "A", copy=True)
    m, n = a.shape
    k = min(m, n)
    tau = np.zeros(k, dtype=a.dtype)
    for j0 in range(0, k, block):
        j1 = min(j0 + block, k)
        _panel(a, j0, j1, tau)
        if j1 < n:
            V = _reflectors(a, j0, j1)
            apply_block_left(V, larft(V, tau[j0:j1]), a[j0:, j1:], trans=True)
    return a, tau


def form_q(a: np.ndarray, tau: np.ndarray, ncols: int, *, block: int = NB) -> np.ndarray:
    """``Q[:, :ncols]`` from packed reflectors, applying blocks from the last one back."""
    m = a.shape[0]
    k = tau.shape[0]
    Q = np.eye(m, ncols, dtype=a.dtype)
    starts = list(range(0, k, block))
    for j0 in reversed(starts):
        j1 = min(j0 + block, k)
        V = _reflectors(a, j0, j1)
        apply_block_left(V, larft(V, tau[j0:j1]), Q[j0:, j0:], trans=False)
    return Q


def apply_q(a: np.ndarray, tau: np.ndarray, X: np.ndarray, *, block: int = NB) -> np.ndarray:
    """``Q X`` from packed reflectors without forming ``Q`` (``X`` is overwritten)."""
    k = tau.shape[0]
    for j0 in reversed(range(0, k, block)):
        j1 = min(j0 + block, k)
        V = _reflectors(a, j0, j1)
        apply_block_left(V, larft(V, tau[j0:j1]), X[j0:], trans=False)
    return X


def qr(A: Any, mode: str = "reduced") -> tuple[np.ndarray, np.ndarray]:
    r"""QR decomposition by Householder reflections.

    .. math:: A = Q R, \quad Q^\top Q = I

    Parameters
    ----------
    A : array_like of shape (m, n)
    mode : {"reduced", "complete"}
        ``"reduced"``: ``Q`` is (m, k), ``R`` is (k, n) with ``k = min(m, n)``;
        ``"complete"``: ``Q`` is (m, m), ``R`` is (m, n).

    Returns
    -------
    Q : ndarray with orthonormal columns
    R : ndarray, upper triangular (trapezoidal)

    Examples
    --------
    >>> from mmlkit.decomp import qr
    >>> Q, R = qr([[3.0, 1.0], [4.0, 2.0]])
    >>> R
    array([[-5. , -2.2],
           [ 0. ,  0.4]])
    >>> Q @ R
    array([[3., 1.],
           [4., 2.]])
    """
    if mode not in ("reduced", "complete"):
        raise InputValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}")
    a, tau = qr_factor(A)
    m, n = a.shape
    k = min(m, n)
    ncols = m if mode == "complete" else k
    Q = form_q(a, tau, ncols)
    R = np.triu(a[:ncols, :])
    return Q, R


def qr_unblocked(A: Any) -> tuple[np.ndarray, np.ndarray]:
    """Textbook Householder QR, one reflector at a time, reduced mode (reference)."""
    a = as_matrix(A, "A", copy=True)
    m, n = a.shape
    k = min(m, n)
    Q = np.eye(m, dtype=a.dtype)
    for j in range(k):
        v, t, beta = householder(a[j:, j])
        a[j:, j:] -= np.outer(t * v, v @ a[j:, j:])
        Q[:, j:] -= np.outer(Q[:, j:] @ v, t * v)
    return Q[:, :k], np.triu(a[:k, :])
