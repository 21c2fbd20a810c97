"""Eigendecompositions (MML sec. 4.2, 4.4).

* :func:`eigh` — symmetric matrices: Householder tridiagonalization, then
  divide and conquer; ``method="jacobi"`` runs the classical cyclic Jacobi
  method, the readable reference.
* :func:`eig` — general square matrices: Hessenberg reduction and the shifted
  QR algorithm to a Schur form, eigenvectors by back substitution.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_square
from ..errors import ConvergenceError, InputValueError
from ._blocked import sym_check
from ._tridiag import apply_q, tridiag_eigh, tridiagonalize

__all__ = ["eigh", "eigvalsh", "eigh_jacobi", "eig", "eigvals", "fix_signs"]


def fix_signs(V: np.ndarray) -> np.ndarray:
    """Flip columns so the largest-magnitude entry of each is positive (in place)."""
    if V.size == 0:
        return V
    idx = np.argmax(np.abs(V), axis=0)
    lead = V[idx, np.arange(V.shape[1])]
    if np.iscomplexobj(V):
        phase = np.where(lead == 0, 1.0, np.abs(lead) / np.where(lead == 0, 1.0, lead))
        V *= phase
    else:
        V *= np.where(lead < 0, -1.0, 1.0)
    return V


def _pow2_scale(a: np.ndarray) -> float:
    """A power of two near max|a| (exact rescaling, guards against under/overflow)."""
    m = float(np.max(np.abs(a))) if a.size else 0.0
    if m == 0.0 or not np.isfinite(m):
        return 1.0
    return float(2.0 ** np.round(np.log2(m)))


def _symmetric_input(A: Any, func: str) -> np.ndarray:
    a = as_square(A, "A", finite=False)
    sym_check(a, "A", func)  # also refuses NaN and infinity
    return a


def eigh(A: Any, method: str = "dc") -> tuple[np.ndarray, np.ndarray]:
    r"""Eigenvalues and orthonormal eigenvectors of a symmetric matrix (spectral theorem).

    .. math:: A = V \Lambda V^\top, \quad V^\top V = I

    Parameters
    ----------
    A : array_like of shape (n, n), symmetric
    method : {"dc", "jacobi"}
        ``"dc"`` (default): Householder tridiagonalization and divide and conquer;
        ``"jacobi"``: cyclic Jacobi rotations (slow; for teaching and testing).

    Returns
    -------
    w : ndarray of shape (n,), ascending
    V : ndarray of shape (n, n); column ``V[:, i]`` belongs to ``w[i]``, and its
        largest-magnitude entry is positive.

    Examples
    --------
    >>> from mmlkit.decomp import eigh
    >>> w, V = eigh([[2.0, 1.0], [1.0, 2.0]])
    >>> w
    array([1., 3.])
    >>> V
    array([[ 0.70710678,  0.70710678],
           [-0.70710678,  0.70710678]])
    """
    if method not in ("dc", "jacobi"):
        raise InputValueError(f"eigh: method must be 'dc' or 'jacobi', got {method!r}")
    a = _symmetric_input(A, "eigh")
    if method == "jacobi":
        return _jacobi(a)
    return _eigh_dc(a)


def _eigh_dc(a: np.ndarray, vectors: bool = True):
    n = a.shape[0]
    dtype = a.dtype
    if n == 0:
        return np.zeros(0, dtype=dtype), np.zeros((0, 0), dtype=dtype)
    s = _pow2_scale(a)
    b = (a.astype(np.float64) / s + a.astype(np.float64).T / s) * 0.5
    d, e, packed, tau = tridiagonalize(b)
    w, Z = tridiag_eigh(d, e)
    V = fix_signs(apply_q(packed, tau, Z))
    return (w * s).astype(dtype), V.astype(dtype)


def eigvalsh(A: Any) -> np.ndarray:
    r"""Eigenvalues of a symmetric matrix, ascending (see :func:`eigh`).

    .. math:: \det(A - \lambda I) = 0

    Examples
    --------
    >>> from mmlkit.decomp import eigvalsh
    >>> eigvalsh([[2.0, 0.0], [0.0, -1.0]])
    array([-1.,  2.])
    """
    return eigh(A)[0]


def eigh_jacobi(A: Any) -> tuple[np.ndarray, np.ndarray]:
    """Cyclic Jacobi eigenvalue method; same contract as :func:`eigh`."""
    return eigh(A, method="jacobi")


def _jacobi(a: np.ndarray, max_sweeps: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Cyclic Jacobi (Golub & Van Loan alg. 8.5.3): rotate away each a_pq in turn."""
    n = a.shape[0]
    dtype = a.dtype
    s = _pow2_scale(a)
    A = (a.astype(np.float64) + a.astype(np.float64).T) / (2.0 * s)
    V = np.eye(n)
    eps = np.finfo(np.float64).eps
    for _ in range(max_sweeps):
        off = float(np.sqrt(np.sum((A - np.diag(np.diag(A))) ** 2)))
        if off <= eps * max(float(np.sqrt(np.sum(A * A))), np.finfo(np.float64).tiny):
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                if A[p, q] != 0.0:
                    _rotate(A, V, p, q)
    else:
        raise ConvergenceError(f"eigh(method='jacobi'): no convergence in {max_sweeps} sweeps",
                               iterations=max_sweeps)
    w = np.diag(A).copy()
    order = np.argsort(w, kind="stable")
    return (w[order] * s).astype(dtype), fix_signs(V[:, order]).astype(dtype)


def _rotate(A: np.ndarray, V: np.ndarray, p: int, q: int) -> None:
    """One symmetric Schur rotation zeroing A[p, q]: A <- J^T A J, V <- V J."""
    h = A[q, q] - A[p, p]
    # t = tan(theta) = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)), zeta = h / (2 a_pq)
    t = (1.0 if h >= 0 else -1.0) * 2.0 * A[p, q] / (abs(h) + np.hypot(h, 2.0 * A[p, q]))
    c = 1.0 / np.hypot(1.0, t)
    s = t * c
    ap, aq = A[:, p].copy(), A[:, q].copy()
    A[:, p], A[:, q] = c * ap - s * aq, s * ap + c * aq
    ap, aq = A[p, :].copy(), A[q, :].copy()
    A[p, :], A[q, :] = c * ap - s * aq, s * ap + c * aq
    A[p, q] = A[q, p] = 0.0
    vp, vq = V[:, p].copy(), V[:, q].copy()
    V[:, p], V[:, q] = c * vp - s * vq, s * vp + c * vq


def eig(A: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Eigenvalues and eigenvectors of a general square matrix.

    .. math:: A v_i = \lambda_i v_i

    Hessenberg reduction, then Francis double-shift QR sweeps to the real
    Schur form ``A = Z T Z^T`` (MML sec. 4.2; Golub & Van Loan alg. 7.5.2);
    eigenvectors by back substitution on ``T``. Results are real when every
    eigenvalue is real and complex otherwise; eigenvalues come in the order
    they appear on the diagonal of the Schur form.

    Defective matrices (a Jordan block) have fewer independent eigenvectors
    than columns: their computed eigenvectors are then (nearly) parallel, as
    the mathematics says, rather than arbitrary.

    Parameters
    ----------
    A : array_like of shape (n, n)

    Returns
    -------
    w : ndarray of shape (n,), float or complex
    V : ndarray of shape (n, n); unit columns, each with its largest-magnitude
        entry real and positive.

    Examples
    --------
    >>> from mmlkit.decomp import eig
    >>> w, V = eig([[0.0, 1.0], [-2.0, -3.0]])
    >>> w
    array([-1., -2.])
    >>> w, V = eig([[0.0, -1.0], [1.0, 0.0]])
    >>> w
    array([0.+1.j, 0.-1.j])
    """
    from ._schur import eigvecs_triangular, schur, to_complex_schur

    a = as_square(A, "A")
    dtype = a.dtype
    n = a.shape[0]
    if n == 0:
        return np.zeros(0, dtype=dtype), np.zeros((0, 0), dtype=dtype)
    s = _pow2_scale(a)
    T, Z = schur(a.astype(np.float64) / s)
    if np.any(np.diagonal(T, -1) != 0.0):
        T, Z = to_complex_schur(T, Z)
        dtype = np.result_type(dtype, np.complex64)
    V = Z @ eigvecs_triangular(T)
    V /= np.sqrt(np.sum(np.abs(V) ** 2, axis=0))
    return (np.diagonal(T) * s).astype(dtype), fix_signs(V).astype(dtype)


def eigvals(A: Any) -> np.ndarray:
    r"""Eigenvalues of a general square matrix (see :func:`eig`).

    .. math:: \det(A - \lambda I) = 0

    Examples
    --------
    >>> from mmlkit.decomp import eigvals
    >>> eigvals([[2.0, 1.0], [0.0, 3.0]])
    array([2., 3.])
    """
    return eig(A)[0]
