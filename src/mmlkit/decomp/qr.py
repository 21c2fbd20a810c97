"""Householder QR decomposition (MML sec. 3.8; Golub & Van Loan sec. 5.2).

Fast path: compact-WY blocked Householder QR. Each panel is factorized
recursively (narrow leaves one column at a time), its reflectors are gathered
into ``I - V T V^T`` and applied to the rest of the matrix with matrix products.
``Q`` is formed from the same blocks, from the right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_matrix
from ..errors import InputValueError
from ._blocked import NB, apply_block_left, householder, larft, reflect

__all__ = ["qr", "qr_factor", "qr_unblocked", "form_q", "apply_q"]


_PANEL_LEAF = 16
#: Wider panels for large matrices: fewer passes of the trailing update over memory.
_WIDE, _WIDE_FROM = 128, 800


def _panel(a: np.ndarray, j0: int, j1: int, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Recursive Householder QR of the panel ``a[j0:, j0:j1]`` (MML sec. 3.8; Elmroth, Gustavson).

    Works on a contiguous copy of the transposed panel, so each column is one
    contiguous row. The left half is factored first and applied to the right
    half as one compact-WY block (three products); narrow leaves form one
    reflector per column. The panel is written back with ``R`` on and above the
    diagonal and the reflectors below it. Returns ``V^T`` (the reflectors as rows,
    with their unit leading entries and zeros before them) and the ``T`` of
    ``I - V T V^T``, merged from the halves' on the way up.
    """
    pt = np.array(a[j0:, j0:j1].T, order="C")  # always a copy
    with np.errstate(over="ignore", under="ignore"):  # out-of-range sums of squares are rescaled
        Vt, T = _rpanel(pt, 0, pt.shape[0], tau[j0:j1])
    a[j0:, j0:j1] = pt.T
    return Vt, T


def _rpanel(pt: np.ndarray, j: int, jb: int, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Factor columns (rows of ``pt``) ``j:j+jb``; ``tau`` is indexed like the rows of ``pt``.

    Returns ``V^T`` over the columns ``j:`` of ``pt`` and the block's ``T``. Two
    halves combine as

    .. math:: (I - V_1 T_1 V_1^\top)(I - V_2 T_2 V_2^\top) = I - V T V^\top, \quad
              T = \begin{bmatrix} T_1 & -T_1 V_1^\top V_2 T_2 \\ 0 & T_2 \end{bmatrix}
    """
    if jb <= _PANEL_LEAF:
        return _leaf(pt, j, jb, tau)
    h = jb // 2
    Vt1, T1 = _rpanel(pt, j, h, tau)
    Ct = pt[j + h:j + jb, j:]  # the right half, as rows: C <- (I - V T^T V^T) C
    W = (Ct @ Vt1.T) @ T1
    Ct -= W @ Vt1
    Vt2, T2 = _rpanel(pt, j + h, jb - h, tau)
    Vt = np.zeros((jb, Vt1.shape[1]), dtype=pt.dtype)
    Vt[:h] = Vt1
    Vt[h:, h:] = Vt2
    T = np.zeros((jb, jb), dtype=pt.dtype)
    T[:h, :h] = T1
    T[h:, h:] = T2
    T[:h, h:] = -(T1 @ (Vt1[:, h:] @ Vt2.T) @ T2)
    return Vt, T


def _leaf(pt: np.ndarray, j0: int, jb: int, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One reflector per column, left-looking: each row takes the leaf's earlier reflectors
    as one compact-WY block, ``x <- x - V T^T V^T x`` (three products with vectors), just
    before its own reflector is formed.

    Returns the leaf's ``V^T`` (over the columns ``j0:`` of ``pt``) and ``T``, the latter by
    LAPACK's forward column recurrence ``T[:c, c] = -tau_c T[:c, :c] V[:, :c]^T v_c``.
    """
    T = np.zeros((jb, jb), dtype=pt.dtype)
    Vt = np.zeros((jb, pt.shape[1] - j0), dtype=pt.dtype)
    for c in range(jb):
        j = j0 + c
        x = pt[j, j0:]
        if c:
            V = Vt[:c]
            x -= ((V @ x) @ T[:c, :c]) @ V
        t, beta = reflect(x[c:])
        tau[j] = t
        T[c, c] = t
        v = Vt[c, c:]
        v[1:] = x[c + 1:]
        v[0] = 1.0
        if c and t != 0.0:
            T[:c, c] = (-t) * (T[:c, :c] @ (Vt[:c, c:] @ v))
        x[c] = beta
    return Vt, T


def qr_factor(A: Any, *, block: int = NB, blocks: list | None = None,
              ) -> tuple[np.ndarray, np.ndarray]:
    """Packed factors: ``R`` on and above the diagonal, reflectors below, and ``tau``.

    When a list is passed as ``blocks`` it receives ``(j0, V, T)`` for every
    panel, the compact-WY form that :func:`form_q` can reuse.
    """
    a = as_matrix(A, "A", copy=True)
    m, n = a.shape
    k = min(m, n)
    tau = np.zeros(k, dtype=a.dtype)
    for j0 in range(0, k, block):
        j1 = min(j0 + block, k)
        Vt, T = _panel(a, j0, j1, tau)
        if j1 < n:
            apply_block_left(Vt.T, T, a[j0:, j1:], trans=True)
        if blocks is not None:
            blocks.append((j0, Vt.T, T))
    return a, tau


def _reflectors(a: np.ndarray, j0: int, j1: int) -> np.ndarray:
    """The unit lower trapezoidal ``V`` of panel ``j0:j1``."""
    V = np.tril(a[j0:, j0:j1], -1)
    V[np.arange(j1 - j0), np.arange(j1 - j0)] = 1.0
    return V


def form_q(a: np.ndarray, tau: np.ndarray, ncols: int, *, block: int = NB,
           blocks: list | None = None) -> np.ndarray:
    """``Q[:, :ncols]`` from packed reflectors, applying blocks from the last one back.

    ``blocks`` from :func:`qr_factor` (same ``block``) saves rebuilding ``V`` and ``T``.
    """
    m = a.shape[0]
    k = tau.shape[0]
    Q = np.eye(m, ncols, dtype=a.dtype)
    if blocks is None:
        blocks = []
        for j0 in range(0, k, block):
            j1 = min(j0 + block, k)
            V = _reflectors(a, j0, j1)
            blocks.append((j0, V, larft(V, tau[j0:j1])))
    for j0, V, T in reversed(blocks):
        jb = V.shape[1]
        C = Q[j0:, j0 + jb:]
        if C.shape[1]:
            # rows j0:j0+jb of C are still zero, so V^T C needs only V's rows below them
            C -= V @ (T @ (V[jb:].T @ C[jb:]))
        # the block's own columns are still those of the identity E:
        # (I - V T V^T) E = E - V (T V_top^T), one small product and one thin one
        X = Q[j0:, j0:j0 + jb]
        np.matmul(V, -(T @ V[:jb].T), out=X)  # the sign goes on the small factor
        Q.ravel()[j0 * (ncols + 1):(j0 + jb) * (ncols + 1):ncols + 1] += 1.0
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
    blocks: list = []
    a, tau = qr_factor(A, block=_WIDE if min(np.shape(A)) >= _WIDE_FROM else NB, blocks=blocks)
    m, n = a.shape
    k = min(m, n)
    ncols = m if mode == "complete" else k
    Q = form_q(a, tau, ncols, blocks=blocks)
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
