"""Analytic geometry (MML chapter 3): inner products, norms, angles, projections, rotations.

Every function accepts array-likes. Inner products may be given by a
symmetric positive definite matrix ``A`` (MML Definition 3.3, eq. (3.11)):
``<x, y>_A = x^T A y``. Exact input (ints, Fractions, decimal or fraction
strings) gives exact results wherever the answer is rational: inner products,
1- and inf-norms, projections, projection matrices and unnormalized
Gram–Schmidt.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import as_float_array, as_matrix, as_vector
from ..errors import InputValueError, NotPositiveDefiniteError, ShapeError

__all__ = [
    "inner", "norm", "distance", "angle", "is_orthogonal",
    "project", "projection_matrix", "project_affine", "orthogonal_complement",
    "gram_schmidt", "rotation_matrix", "givens",
]


# ----------------------------------------------------------------------------- helpers
def _exact_all(*xs: Any) -> bool:
    from ..exact import is_exact_input

    return all(x is None or is_exact_input(x) for x in xs)


def _fvec(x: Any) -> list[Fraction]:
    from ..exact import ExactVector, to_exact

    v = to_exact(x, "x")
    if not isinstance(v, ExactVector):
        raise ShapeError(f"expected a 1-D vector, got shape {v.shape}")
    return v.tolist()


def _fmat(A: Any, n: int) -> list[list[Fraction]]:
    from ..exact import ExactMatrix, to_exact

    M = to_exact(A, "A")
    if not isinstance(M, ExactMatrix) or M.shape != (n, n):
        raise ShapeError(f"A: expected a {n}x{n} matrix, got shape {M.shape}")
    _check_spd(np.asarray(M, dtype=float))
    return M.tolist()


def _check_spd(A: np.ndarray) -> None:
    """An inner product needs A symmetric positive definite (MML Definition 3.3)."""
    from ..decomp import cholesky

    if A.size and not np.allclose(A, A.T, rtol=1e-12, atol=0.0):
        raise InputValueError("A: an inner product matrix must be symmetric")
    try:
        cholesky(A)
    except NotPositiveDefiniteError as exc:
        raise NotPositiveDefiniteError(
            f"A: an inner product matrix must be positive definite ({exc})") from None


def _float_pair(x: Any, y: Any, A: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    xv, yv = as_vector(x, "x"), as_vector(y, "y")
    if xv.shape != yv.shape:
        raise ShapeError(f"x and y must have the same length, got {xv.shape[0]} and {yv.shape[0]}")
    M = None
    if A is not None:
        M = as_matrix(A, "A")
        if M.shape != (xv.shape[0],) * 2:
            raise ShapeError(f"A: expected shape {(xv.shape[0],) * 2}, got {M.shape}")
        _check_spd(M)
    return xv, yv, M


def _fdot(x: list[Fraction], y: list[Fraction], A: list[list[Fraction]] | None) -> Fraction:
    if A is None:
        return sum((a * b for a, b in zip(x, y, strict=True)), Fraction(0))
    Ay = [sum((r * b for r, b in zip(row, y, strict=True)), Fraction(0)) for row in A]
    return sum((a * b for a, b in zip(x, Ay, strict=True)), Fraction(0))


# ----------------------------------------------------------------------------- products
def inner(x: Any, y: Any, A: Any = None) -> Any:
    r"""Inner product ``<x, y>_A`` (dot product when ``A`` is None).

    .. math:: \langle x, y \rangle_A = x^\top A y

    ``A`` must be symmetric positive definite. Exact input gives a Fraction.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import inner
    >>> inner([1, 1], [-1, 1], A=[[2, -1], [-1, 2]])   # MML Example 3.3 style
    Fraction(0, 1)
    >>> inner([1.0, 2.0], [3.0, 4.0])
    11.0
    """
    if _exact_all(x, y, A):
        xf, yf = _fvec(x), _fvec(y)
        if len(xf) != len(yf):
            raise ShapeError(f"x and y must have the same length, got {len(xf)} and {len(yf)}")
        return _fdot(xf, yf, None if A is None else _fmat(A, len(xf)))
    xv, yv, M = _float_pair(x, y, A)
    return float(xv @ yv) if M is None else float(xv @ (M @ yv))


def norm(x: Any, ord: Any = 2, A: Any = None) -> Any:
    r"""Vector norm: Manhattan (``ord=1``), Euclidean (2), maximum (``inf``) or induced by ``A``.

    .. math:: \|x\|_1 = \sum_i |x_i|, \quad \|x\|_2 = \sqrt{x^\top x}, \quad
              \|x\|_A = \sqrt{x^\top A x}

    Exact input gives a Fraction for ``ord=1`` and ``inf``.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import norm
    >>> norm([3.0, -4.0]), norm([3, -4], ord=1), norm([3.0, -4.0], ord=float("inf"))
    (5.0, Fraction(7, 1), 4.0)
    """
    ord_ = _norm_order(ord)
    if A is not None and ord_ != 2:
        raise InputValueError(f"norm: an inner-product norm (A given) needs ord=2, got {ord!r}")
    if ord_ != 2 and _exact_all(x):
        xf = _fvec(x)
        absx = [abs(v) for v in xf]
        return sum(absx, Fraction(0)) if ord_ == 1 else max(absx, default=Fraction(0))
    if A is not None:
        return float(np.sqrt(max(inner(as_vector(x, "x"), as_vector(x, "x"), A), 0.0)))
    xv = as_vector(x, "x")
    if ord_ == 1:
        return float(np.sum(np.abs(xv)))
    if ord_ == np.inf:
        return float(np.max(np.abs(xv))) if xv.size else 0.0
    s = float(np.max(np.abs(xv))) if xv.size else 0.0
    return 0.0 if s == 0.0 else s * float(np.sqrt((xv / s) @ (xv / s)))  # no overflow


def _norm_order(ord: Any) -> float:
    if isinstance(ord, str) and ord.lower() in ("inf", "infinity"):
        return np.inf
    if ord in (1, 2) or ord == np.inf:
        return float(ord)
    raise InputValueError(f"norm: ord must be 1, 2 or inf, got {ord!r}")


def distance(x: Any, y: Any, A: Any = None) -> float:
    r"""Distance induced by the inner product (MML Definition 3.6).

    .. math:: d(x, y) = \|x - y\|_A = \sqrt{\langle x - y, x - y \rangle_A}

    Examples
    --------
    >>> from mmlkit.linalg.geometry import distance
    >>> distance([0.0, 0.0], [3.0, 4.0])
    5.0
    """
    xv, yv, M = _float_pair(x, y, A)
    return norm(xv - yv, A=M)


def angle(x: Any, y: Any, A: Any = None) -> float:
    r"""Angle between two non-zero vectors in radians, MML eq. (3.25).

    .. math:: \cos\omega = \frac{\langle x, y \rangle}{\|x\| \, \|y\|}

    Examples
    --------
    >>> from mmlkit.linalg.geometry import angle
    >>> round(angle([1, 1], [1, 2]), 4)     # MML Example 3.6
    0.3218
    """
    xv, yv, M = _float_pair(x, y, A)
    nx, ny = norm(xv, A=M), norm(yv, A=M)
    if nx == 0.0 or ny == 0.0:
        raise InputValueError("angle: undefined for a zero vector")
    c = inner(xv / nx, yv / ny, M)
    return float(np.arccos(np.clip(c, -1.0, 1.0)))


def is_orthogonal(x: Any, y: Any, A: Any = None, *, tol: float = 1e-10) -> bool:
    r"""Whether ``<x, y>_A = 0`` (exactly for exact input, else relative to ``tol``).

    .. math:: x \perp y \iff \langle x, y \rangle = 0

    Examples
    --------
    >>> from mmlkit.linalg.geometry import is_orthogonal
    >>> is_orthogonal([1, 1], [-1, 1]), is_orthogonal([1, 1], [-1, 1], A=[[2, 0], [0, 1]])
    (True, False)
    """
    if _exact_all(x, y, A):
        return inner(x, y, A) == 0
    xv, yv, M = _float_pair(x, y, A)
    scale = norm(xv, A=M) * norm(yv, A=M)
    return abs(inner(xv, yv, M)) <= tol * scale


# ----------------------------------------------------------------------------- Gram–Schmidt
def _as_vectors(vectors: Any, name: str = "vectors") -> np.ndarray:
    """Rows of the result are the vectors."""
    V = as_float_array(vectors, name, ndim=(1, 2))
    return V[None, :] if V.ndim == 1 else V


def gram_schmidt(vectors: Sequence[Any], *, normalize: bool = True, method: str = "modified",
                 A: Any = None) -> list:
    r"""Orthogonalize vectors by Gram–Schmidt (MML sec. 3.8.3, eq. (3.68)).

    .. math:: u_k = b_k - \sum_{i<k} \frac{\langle b_k, u_i \rangle}{\langle u_i, u_i \rangle} u_i

    Parameters
    ----------
    vectors : sequence of 1-D vectors (linearly independent)
    normalize : bool
        Return an orthonormal basis (default) or just orthogonal vectors.
    method : {"modified", "classical"}
        Classical projects each original ``b_k``; modified subtracts projections
        one at a time from the running vector, which keeps far better
        orthogonality in floating point.
    A : array_like, optional
        Symmetric positive definite matrix of the inner product.

    Returns
    -------
    list of ndarray (of ``ExactVector`` for exact input with ``normalize=False``)

    Raises
    ------
    InputValueError
        if a vector lies in the span of the previous ones.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import gram_schmidt
    >>> gram_schmidt([[2, 0], [1, 1]], normalize=False)     # MML Example 3.12
    [ExactVector([2, 0]), ExactVector([0, 1])]
    >>> [u.round(4) for u in gram_schmidt([[1.0, 1.0], [1.0, 0.0]])]
    [array([0.7071, 0.7071]), array([ 0.7071, -0.7071])]
    """
    if method not in ("modified", "classical"):
        raise InputValueError(f"gram_schmidt: method must be 'modified' or 'classical', "
                              f"got {method!r}")
    if not normalize and _exact_all(vectors, A):
        return _gs_exact(vectors, A, drop=False)
    V = _as_vectors(vectors)
    M = _inner_matrix(A, V.shape[1])
    Q = _gs_float(V, M, method, drop=False)
    if not normalize:
        return list(Q)
    return [q / norm(q, A=M) for q in Q]


def _inner_matrix(A: Any, n: int) -> np.ndarray | None:
    if A is None:
        return None
    M = as_matrix(A, "A")
    if M.shape != (n, n):
        raise ShapeError(f"A: expected shape {(n, n)}, got {M.shape}")
    _check_spd(M)
    return M


def _gs_float(V: np.ndarray, M: np.ndarray | None, method: str, drop: bool) -> np.ndarray:
    """Orthogonal (unnormalized) rows; dependent vectors dropped or refused."""
    ip = (lambda a, b: a @ b) if M is None else (lambda a, b: a @ (M @ b))
    out: list[np.ndarray] = []
    for k, b in enumerate(V):
        u = b.copy()
        for q in out:
            src = u if method == "modified" else b
            u = u - (ip(src, q) / ip(q, q)) * q
        size = np.sqrt(max(ip(u, u), 0.0))
        if size <= 1e3 * np.finfo(V.dtype).eps * max(np.sqrt(max(ip(b, b), 0.0)), 1e-300):
            if drop:
                continue
            raise InputValueError(
                f"gram_schmidt: vector {k} lies in the span of the previous ones "
                f"(linearly dependent input)")
        out.append(u)
    return np.array(out).reshape(len(out), V.shape[1])


def _gs_exact(vectors: Any, A: Any, drop: bool) -> list:
    from ..exact import ExactVector, to_exact

    W = to_exact(vectors, "vectors")
    rows = [W.tolist()] if isinstance(W, ExactVector) else W.tolist()
    M = None if A is None else _fmat(A, len(rows[0]) if rows else 0)
    out: list[list[Fraction]] = []
    for k, b in enumerate(rows):
        u = list(b)
        for q in out:
            c = _fdot(u, q, M) / _fdot(q, q, M)
            u = [ui - c * qi for ui, qi in zip(u, q, strict=True)]
        if all(v == 0 for v in u):
            if drop:
                continue
            raise InputValueError(
                f"gram_schmidt: vector {k} lies in the span of the previous ones")
        out.append(u)
    return [ExactVector(u) for u in out]


# ----------------------------------------------------------------------------- projections
def project(x: Any, basis: Sequence[Any], A: Any = None) -> Any:
    r"""Orthogonal projection of ``x`` onto ``span(basis)`` (MML sec. 3.8.2, eq. (3.45)).

    .. math:: \pi_U(x) = B (B^\top B)^{-1} B^\top x

    The basis vectors need not be orthogonal; dependent ones are allowed.
    With ``A`` the projection is orthogonal for ``<., .>_A``. Exact input gives
    an ``ExactVector``.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import project
    >>> project([6, 0, 0], [[1, 1, 1], [0, 1, 2]])      # MML Example 3.11
    ExactVector([5, 2, -1])
    """
    if _exact_all(x, basis, A):
        xf = _fvec(x)
        U = _gs_exact(basis, A, drop=True)
        M = None if A is None else _fmat(A, len(xf))
        from ..exact import ExactVector

        p = [Fraction(0)] * len(xf)
        for u in U:
            uf = u.tolist()
            c = _fdot(xf, uf, M) / _fdot(uf, uf, M)
            p = [pi + c * ui for pi, ui in zip(p, uf, strict=True)]
        return ExactVector(p)
    xv = as_vector(x, "x")
    Q = _orthonormal_rows(basis, xv.shape[0], A)
    M = _inner_matrix(A, xv.shape[0])
    coef = Q @ (xv if M is None else M @ xv)
    return coef @ Q


def _orthonormal_rows(basis: Any, n: int, A: Any) -> np.ndarray:
    B = _as_vectors(basis, "basis")
    if B.shape[1] != n:
        raise ShapeError(f"basis vectors have length {B.shape[1]}, x has length {n}")
    M = _inner_matrix(A, n)
    if M is None:  # SVD: a rank-revealing orthonormal basis of the span
        from ..decomp import svd

        U, s, _ = svd(B.T)
        r = int(np.sum(s > max(B.shape) * np.finfo(B.dtype).eps * (s[0] if s.size else 0)))
        return U[:, :r].T
    Q = _gs_float(_gs_float(B, M, "modified", drop=True), M, "modified", drop=True)
    return Q / np.sqrt(np.einsum("ij,jk,ik->i", Q, M, Q))[:, None]


def projection_matrix(basis: Sequence[Any], A: Any = None) -> Any:
    r"""Matrix of the orthogonal projection onto ``span(basis)``, MML eq. (3.46).

    .. math:: P_\pi = B (B^\top B)^{-1} B^\top

    Exact input gives an ``ExactMatrix``.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import projection_matrix
    >>> projection_matrix([[1, 2, 2]])                  # MML Example 3.10
    ExactMatrix([[1/9, 2/9, 2/9], [2/9, 4/9, 4/9], [2/9, 4/9, 4/9]])
    """
    if _exact_all(basis, A):
        from ..exact import ExactMatrix, to_exact

        W = to_exact(basis, "basis")
        n = W.shape[-1]
        cols = [project([int(i == j) for i in range(n)], basis, A).tolist() for j in range(n)]
        return ExactMatrix([[cols[j][i] for j in range(n)] for i in range(n)])
    B = _as_vectors(basis, "basis")
    n = B.shape[1]
    Q = _orthonormal_rows(B, n, A)
    M = _inner_matrix(A, n)
    return Q.T @ (Q if M is None else Q @ M)


def project_affine(x: Any, support: Any, basis: Sequence[Any]) -> Any:
    r"""Orthogonal projection onto the affine subspace ``support + span(basis)`` (MML sec. 3.8.3).

    .. math:: \pi_L(x) = x_0 + \pi_U(x - x_0)

    Examples
    --------
    >>> from mmlkit.linalg.geometry import project_affine
    >>> project_affine([2, 3], [0, 1], [[1, 0]])
    ExactVector([2, 1])
    """
    if _exact_all(x, support, basis):
        from ..exact import ExactVector

        x0 = _fvec(support)
        d = [a - b for a, b in zip(_fvec(x), x0, strict=True)]
        return ExactVector([a + b for a, b in zip(x0, project(d, basis).tolist(), strict=True)])
    xv, x0 = as_vector(x, "x"), as_vector(support, "support")
    if xv.shape != x0.shape:
        raise ShapeError(f"x and support must have the same length, got {xv.shape}, {x0.shape}")
    return x0 + project(xv - x0, basis)


def orthogonal_complement(basis: Sequence[Any], dim: int | None = None) -> np.ndarray:
    r"""Orthonormal basis (as rows) of ``U^perp`` for ``U = span(basis)`` in R^n (MML sec. 3.6).

    .. math:: U^\perp = \{ v : \langle v, u \rangle = 0 \ \forall u \in U \}

    ``dim`` gives ``n`` when ``basis`` is empty.

    Examples
    --------
    >>> from mmlkit.linalg.geometry import orthogonal_complement
    >>> orthogonal_complement([[0.0, 0.0, 2.0]])
    array([[0., 1., 0.],
           [1., 0., 0.]])
    """
    B = _as_vectors(basis, "basis") if len(basis) else np.zeros((0, dim or 0))
    n = B.shape[1] if dim is None else dim
    if B.shape[1] != n:
        raise ShapeError(f"basis vectors have length {B.shape[1]}, dim is {n}")
    from ..decomp import svd

    _, s, Vt = svd(B, full_matrices=True)
    r = int(np.sum(s > max(B.shape) * np.finfo(np.float64).eps * (s[0] if s.size else 0)))
    return Vt[r:] + 0.0 if B.shape[0] else np.eye(n)  # + 0.0 turns -0.0 into 0.0


# ----------------------------------------------------------------------------- rotations
def rotation_matrix(theta: float, axis: Any = None, dim: int = 2) -> np.ndarray:
    r"""Rotation by ``theta`` radians: in the plane, or in R^3 about an axis (MML sec. 3.9).

    .. math:: R(\theta) = \begin{bmatrix} \cos\theta & -\sin\theta \\
              \sin\theta & \cos\theta \end{bmatrix}

    ``axis`` (with ``dim=3``) is 0, 1, 2 (or ``"x"``, ``"y"``, ``"z"``) for the
    coordinate axes of MML eqs. (3.76)–(3.78), or any non-zero 3-vector
    (Rodrigues' formula). Rotations are counterclockwise seen from the tip of the axis.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.linalg.geometry import rotation_matrix
    >>> (rotation_matrix(np.pi / 2) @ [1.0, 0.0]).round(12) + 0.0
    array([0., 1.])
    >>> (rotation_matrix(np.pi / 2, axis="z", dim=3) @ [1.0, 0.0, 0.0]).round(12) + 0.0
    array([0., 1., 0.])
    """
    t = float(theta)
    if not np.isfinite(t):
        raise InputValueError(f"rotation_matrix: theta must be finite, got {theta!r}")
    c, s = np.cos(t), np.sin(t)
    if axis is None and dim == 2:
        return np.array([[c, -s], [s, c]])
    if dim != 3:
        raise InputValueError(f"rotation_matrix: dim must be 2 (no axis) or 3, got {dim!r}")
    if axis is None:
        raise InputValueError("rotation_matrix: a 3-D rotation needs an axis")
    if isinstance(axis, str) or np.ndim(axis) == 0:
        i = {"x": 0, "y": 1, "z": 2}.get(axis, axis) if isinstance(axis, str) else axis
        if i not in (0, 1, 2):
            raise InputValueError(f"rotation_matrix: axis must be 0, 1, 2, x, y or z, "
                                  f"got {axis!r}")
        k = np.zeros(3)
        k[int(i)] = 1.0
    else:
        k = as_vector(axis, "axis")
        if k.shape != (3,) or not np.any(k):
            raise InputValueError(
                f"rotation_matrix: axis must be a non-zero 3-vector, got {axis!r}")
        k = k / norm(k)
    K = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + s * K + (1.0 - c) * (K @ K)


def givens(n: int, i: int, j: int, theta: float) -> np.ndarray:
    r"""Givens rotation ``R_ij(theta)`` in R^n, MML eq. (3.80).

    .. math:: r_{ii} = r_{jj} = \cos\theta, \quad r_{ij} = -\sin\theta, \quad
              r_{ji} = \sin\theta

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.linalg.geometry import givens
    >>> givens(3, 0, 2, np.pi / 2).round(12) + 0.0
    array([[ 0.,  0., -1.],
           [ 0.,  1.,  0.],
           [ 1.,  0.,  0.]])
    """
    from .._validation import check_positive_int

    n = check_positive_int(n, "n")
    for name, v in (("i", i), ("j", j)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < n:
            raise InputValueError(f"givens: {name} must be an integer in [0, {n}), got {v!r}")
    if i == j:
        raise InputValueError(f"givens: i and j must differ, got i = j = {i}")
    R = np.eye(n)
    c, s = np.cos(float(theta)), np.sin(float(theta))
    R[i, i] = R[j, j] = c
    R[i, j], R[j, i] = -s, s
    return R
