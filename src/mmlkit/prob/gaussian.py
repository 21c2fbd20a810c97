"""The Gaussian distribution and its algebra (MML sec. 6.5).

One class serves the univariate case (``Gaussian(mean, var)`` with scalars) and the
multivariate case (``Gaussian(mean_vector, cov_matrix)``). Densities and samples go
through the Cholesky factor ``Sigma = L L^T`` from :mod:`mmlkit.decomp`; the
Mahalanobis term is one matrix product with ``L^{-1}``.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any

import numpy as np

from .._validation import as_float_array, as_square
from ..errors import InputValueError, NotPositiveDefiniteError, ShapeError
from ._special import ndtr
from .distributions._base import ContinuousDistribution, real_param

__all__ = ["Gaussian"]

_LOG_2PI = math.log(2.0 * math.pi)


_SINGULAR = 1e3


def _cholesky(S: np.ndarray, name: str) -> np.ndarray:
    """Lower Cholesky factor via :func:`mmlkit.decomp.cholesky`, with the parameter named."""
    from ..decomp import cholesky

    try:
        L = np.asarray(cholesky(S), dtype=np.float64)
    except NotPositiveDefiniteError as exc:
        raise NotPositiveDefiniteError(
            f"{name}: a covariance matrix must be symmetric positive definite; {exc}") from exc
    # l_jj^2 is the variance of x_j given x_1..x_{j-1}. For a singular matrix that pivot is
    # rounding noise, +tiny or -tiny by luck, and the noise reaches several hundred n*eps
    # of the variance of x_j (eps times the condition of the leading block). Below
    # _SINGULAR * n * eps of it, the matrix is treated as singular to working precision;
    # scipy's multivariate_normal draws its line at 1e6 * eps of the largest eigenvalue.
    n = L.shape[0]
    if n:
        cond_var = np.diagonal(L) ** 2
        var = np.diagonal(S).astype(np.float64)
        eps = np.finfo(S.dtype if S.dtype.kind == "f" else np.float64).eps
        bad = np.flatnonzero(cond_var <= _SINGULAR * n * eps * var)
        if bad.size:
            j = int(bad[0])
            raise NotPositiveDefiniteError(
                f"{name}: a covariance matrix must be symmetric positive definite, but it is "
                f"singular to working precision: the variance of component {j} given the ones "
                f"before it is {cond_var[j]:.3g}, against {var[j]:.3g} on its own")
    return L


def tri_inv_lower(L: np.ndarray) -> np.ndarray:
    r"""Inverse of a lower-triangular matrix by 2x2 blocks, built from matrix products.

    .. math:: \begin{bmatrix} A & 0 \\ B & C \end{bmatrix}^{-1}
              = \begin{bmatrix} A^{-1} & 0 \\ -C^{-1} B A^{-1} & C^{-1} \end{bmatrix}
    """
    n = L.shape[0]
    X = np.zeros_like(L)
    if n <= 16:  # forward substitution on the identity, one row at a time
        for i in range(n):
            X[i] = -(L[i, :i] @ X[:i])
            X[i, i] += 1.0
            X[i] /= L[i, i]
        return X
    h = n // 2
    A_inv = tri_inv_lower(L[:h, :h])
    C_inv = tri_inv_lower(L[h:, h:])
    X[:h, :h] = A_inv
    X[h:, h:] = C_inv
    X[h:, :h] = -C_inv @ (L[h:, :h] @ A_inv)
    return X


def _check_symmetric(S: np.ndarray, name: str) -> np.ndarray:
    scale = float(np.abs(S).max(initial=0.0))
    asym = float(np.abs(S - S.T).max(initial=0.0))
    if asym > 1e-10 * max(scale, 1e-300):
        raise NotPositiveDefiniteError(
            f"{name}: a covariance matrix must be symmetric; |S - S^T| reaches {asym:.3g}")
    return 0.5 * (S + S.T)


def _index_list(idx: Any, d: int, name: str) -> list[int]:
    items = [idx] if np.ndim(idx) == 0 else list(np.asarray(idx).ravel())
    out = []
    for i in items:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise InputValueError(f"{name}: indices must be integers, got {i!r}")
        j = int(i) + d if int(i) < 0 else int(i)
        if not 0 <= j < d:
            raise InputValueError(f"{name}: index {int(i)} is out of range for {d} dimensions")
        out.append(j)
    if len(set(out)) != len(out):
        raise InputValueError(f"{name}: indices must not repeat, got {out}")
    return out


class Gaussian(ContinuousDistribution):
    r"""Gaussian (normal) distribution, univariate or multivariate (MML eq. (6.63)).

    ``Gaussian(mu, sigma2)`` with scalars is the univariate ``N(mu, sigma2)`` (the second
    argument is the *variance*); ``Gaussian(mu_vector, Sigma)`` is multivariate.

    .. math:: p(\mathbf x) = (2\pi)^{-D/2} |\Sigma|^{-1/2}
              \exp\!\big(-\tfrac12 (\mathbf x - \boldsymbol\mu)^\top
              \Sigma^{-1} (\mathbf x - \boldsymbol\mu)\big)

    Examples
    --------
    >>> from mmlkit.prob import Gaussian
    >>> g = Gaussian([0.0, 1.0], [[2.0, 1.0], [1.0, 2.0]])
    >>> g.condition(1, 3.0)
    Gaussian(mean=[1.], cov=[[1.5]])
    >>> g.marginal(0)
    Gaussian(mean=0, cov=2)
    >>> round(float(Gaussian(0.0, 1.0).pdf(0.0)), 6)
    0.398942
    """

    def __init__(self, mean: Any, cov: Any) -> None:
        mu = as_float_array(mean, "mean", ndim=(0, 1)).astype(np.float64)
        if mu.ndim == 0:
            self.dim = None
            self._mu = float(mu)
            v = real_param(cov, "cov")
            if v <= 0:
                raise InputValueError(f"cov: the variance of a Gaussian must be > 0, got {v}")
            self._cov = v
            self._sd = math.sqrt(v)
            self._log_norm = 0.5 * (_LOG_2PI + math.log(v))
            return
        if mu.size == 0:
            raise ShapeError("mean: a Gaussian needs at least one dimension")
        S = as_square(cov, "cov").astype(np.float64)
        if S.shape[0] != mu.size:
            raise ShapeError(f"cov: shape {S.shape} does not match mean of length {mu.size}")
        S = _check_symmetric(S, "cov")
        self.dim = mu.size
        self._L = _cholesky(S, "cov")
        mu.setflags(write=False)
        S.setflags(write=False)
        self._mu, self._cov = mu, S
        self._log_det = 2.0 * float(np.log(np.diag(self._L)).sum())
        self._log_norm = 0.5 * (self.dim * _LOG_2PI + self._log_det)

    # ------------------------------------------------------------- parameters
    @property
    def mean(self) -> Any:
        """The mean: a float (univariate) or a read-only vector."""
        return self._mu

    @property
    def cov(self) -> Any:
        """The covariance: the variance (univariate) or a read-only matrix."""
        return self._cov

    @property
    def is_univariate(self) -> bool:
        """True for ``Gaussian(scalar, scalar)``."""
        return self.dim is None

    @cached_property
    def chol(self) -> np.ndarray:
        """Lower Cholesky factor ``L`` with ``cov = L L^T``."""
        return np.array([[self._sd]]) if self.dim is None else self._L

    @cached_property
    def _whiten(self) -> tuple[np.ndarray, np.ndarray]:
        """``W = L^{-T}`` and ``mu W``, so ``z = x W - mu W`` has ``|z|^2`` = Mahalanobis."""
        W = np.ascontiguousarray(tri_inv_lower(self._L).T)
        return W, self._mu @ W

    def _params(self) -> dict[str, Any]:
        return {"mean": self._mu, "cov": self._cov}

    # -------------------------------------------------------------- densities
    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        if self.dim is None:
            d = x - self._mu
            d *= 1.0 / self._sd
            d *= d
            d *= -0.5
            d -= self._log_norm
            return d
        if x.shape[-1:] != (self.dim,):
            raise ShapeError(f"x: points of a {self.dim}-D Gaussian need a last axis of length "
                             f"{self.dim}, got shape {x.shape}")
        W, muW = self._whiten
        z = x @ W
        z -= muW
        maha = np.einsum("...i,...i->...", z, z)
        maha *= -0.5
        maha -= self._log_norm
        return maha

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        if self.dim is not None:
            raise InputValueError("Gaussian.cdf is defined here for univariate Gaussians only")
        return ndtr((x - self._mu) / self._sd)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.dim is None:
            return self._mu + self._sd * rng.standard_normal(n)
        # x = mu + L z with z ~ N(0, I)  (MML sec. 6.5.4)
        return self._mu + rng.standard_normal((n, self.dim)) @ self._L.T

    def _mean(self) -> Any:
        return self._mu

    def _var(self) -> Any:
        return self._cov if self.dim is None else np.diag(self._cov).copy()

    def _entropy(self) -> float:
        # H = 1/2 log det(2 pi e Sigma)
        d = 1 if self.dim is None else self.dim
        return self._log_norm + 0.5 * d

    # ---------------------------------------------------------------- algebra
    def _require_multivariate(self, what: str) -> None:
        if self.dim is None:
            raise InputValueError(f"Gaussian.{what}: needs a multivariate Gaussian; this one "
                                  "is univariate")

    def marginal(self, idx: Any) -> Gaussian:
        r"""The marginal of the coordinates ``idx`` (sum rule, MML eq. (6.68)).

        An integer gives a univariate Gaussian, a sequence a multivariate one.

        .. math:: p(\mathbf x_a) = \mathcal N(\boldsymbol\mu_a, \Sigma_{aa})

        Examples
        --------
        >>> Gaussian([1.0, 2.0, 3.0], [[2.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 4.0]]
        ...          ).marginal([2, 0])
        Gaussian(mean=[3., 1.], cov=[[4., 0.], [0., 2.]])
        """
        self._require_multivariate("marginal")
        a = _index_list(idx, self.dim, "idx")
        if np.ndim(idx) == 0:
            return Gaussian(self._mu[a[0]], self._cov[a[0], a[0]])
        return Gaussian(self._mu[a], self._cov[np.ix_(a, a)])

    def condition(self, idx: Any, values: Any) -> Gaussian:
        r"""The conditional of the remaining coordinates given ``x[idx] = values``.

        .. math:: \boldsymbol\mu_{a|b} = \boldsymbol\mu_a + \Sigma_{ab}\Sigma_{bb}^{-1}
                  (\mathbf x_b - \boldsymbol\mu_b), \quad
                  \Sigma_{a|b} = \Sigma_{aa} - \Sigma_{ab}\Sigma_{bb}^{-1}\Sigma_{ba}

        (MML eqs. (6.66)-(6.67)), evaluated with the Cholesky factor of ``Sigma_bb``.

        Examples
        --------
        >>> Gaussian([0.0, 0.0], [[1.0, 0.8], [0.8, 1.0]]).condition(0, 1.0)
        Gaussian(mean=[0.8], cov=[[0.36]])
        """
        self._require_multivariate("condition")
        b = _index_list(idx, self.dim, "idx")
        xb = as_float_array(values, "values", ndim=(0, 1)).astype(np.float64).reshape(-1)
        if xb.size != len(b):
            raise ShapeError(f"values: expected {len(b)} value(s) for idx {b}, got {xb.size}")
        a = [i for i in range(self.dim) if i not in set(b)]
        if not a:
            raise InputValueError("idx: conditioning on every coordinate leaves no distribution")
        S = self._cov
        Lb_inv = tri_inv_lower(_cholesky(S[np.ix_(b, b)], "cov[idx, idx]"))
        V = Lb_inv @ S[np.ix_(b, a)]                 # L_b^{-1} Sigma_ba
        r = Lb_inv @ (xb - self._mu[b])              # L_b^{-1} (x_b - mu_b)
        mean = self._mu[a] + V.T @ r
        cov = S[np.ix_(a, a)] - V.T @ V
        return Gaussian(mean, 0.5 * (cov + cov.T))

    def affine(self, A: Any, b: Any = 0.0) -> Gaussian:
        r"""The distribution of ``A x + b`` (MML eqs. (6.88)-(6.89)).

        .. math:: A\mathbf x + \mathbf b \sim \mathcal N(A\boldsymbol\mu + \mathbf b,
                  A \Sigma A^\top)

        Examples
        --------
        >>> Gaussian([1.0, 2.0], [[1.0, 0.0], [0.0, 4.0]]).affine([[1.0, 1.0]], [0.5])
        Gaussian(mean=[3.5], cov=[[5.]])
        >>> Gaussian(1.0, 2.0).affine(3.0, -1.0)
        Gaussian(mean=2, cov=18)
        """
        A_arr = as_float_array(A, "A", ndim=(0, 1, 2)).astype(np.float64)
        if self.dim is None and A_arr.ndim == 0:
            shift = real_param(b, "b")
            return Gaussian(float(A_arr) * self._mu + shift, float(A_arr) ** 2 * self._cov)
        mu = np.atleast_1d(self._mu)
        S = np.atleast_2d(self._cov)
        d = mu.size
        if A_arr.ndim == 0:
            A_arr = float(A_arr) * np.eye(d)
        elif A_arr.ndim == 1:
            A_arr = A_arr.reshape(1, -1)
        if A_arr.shape[1] != d:
            raise ShapeError(f"A: shape {A_arr.shape} cannot multiply a {d}-D Gaussian")
        shift = as_float_array(b, "b", ndim=(0, 1)).astype(np.float64)
        if shift.ndim == 1 and shift.size != A_arr.shape[0]:
            raise ShapeError(f"b: length {shift.size} does not match A with "
                             f"{A_arr.shape[0]} rows")
        cov = A_arr @ S @ A_arr.T
        return Gaussian(A_arr @ mu + shift, 0.5 * (cov + cov.T))

    def product(self, other: Gaussian) -> tuple[float, Gaussian]:
        r"""The product of two Gaussian densities: ``(c, N(m, C))`` with
        ``N(x|a, A) N(x|b, B) = c N(x|m, C)`` (MML eqs. (6.74)-(6.76)).

        .. math:: C = (A^{-1} + B^{-1})^{-1}, \quad \mathbf m = C(A^{-1}\mathbf a
                  + B^{-1}\mathbf b), \quad c = \mathcal N(\mathbf a \mid \mathbf b, A + B)

        Computed as ``C = A (A+B)^{-1} B`` and ``m = B (A+B)^{-1} a + A (A+B)^{-1} b``, which
        needs one Cholesky factor of ``A + B`` and no inverse of ``A`` or ``B``.

        Examples
        --------
        >>> scale, g = Gaussian(0.0, 1.0).product(Gaussian(0.0, 1.0))
        >>> round(scale, 6), g       # c = N(0 | 0, 2) = 1 / sqrt(4 pi)
        (0.282095, Gaussian(mean=0, cov=0.5))
        """
        if not isinstance(other, Gaussian) or other.dim != self.dim:
            raise InputValueError("product: needs another Gaussian of the same dimension")
        if self.dim is None:
            s = self._cov + other._cov
            scale = math.exp(-0.5 * (self._mu - other._mu) ** 2 / s - 0.5 * math.log(
                2.0 * math.pi * s))
            mean = (other._cov * self._mu + self._cov * other._mu) / s
            return scale, Gaussian(mean, self._cov * other._cov / s)
        A, B = self._cov, other._cov
        Li = tri_inv_lower(_cholesky(A + B, "cov + other.cov"))
        S_inv = Li.T @ Li
        C = A @ S_inv @ B
        m = B @ (S_inv @ self._mu) + A @ (S_inv @ other._mu)
        r = Li @ (self._mu - other._mu)
        log_det = 2.0 * float(np.log(np.abs(np.diag(Li))).sum())
        scale = math.exp(-0.5 * float(r @ r) + 0.5 * log_det - 0.5 * self.dim * _LOG_2PI)
        return scale, Gaussian(m, 0.5 * (C + C.T))

    def __add__(self, other: Any) -> Gaussian:
        r"""``X + Y`` for an independent Gaussian ``Y`` (MML eq. (6.91)), or ``X + b``.

        .. math:: X + Y \sim \mathcal N(\boldsymbol\mu_X + \boldsymbol\mu_Y, \Sigma_X + \Sigma_Y)

        Examples
        --------
        >>> Gaussian(1.0, 1.0) + Gaussian(2.0, 3.0)
        Gaussian(mean=3, cov=4)
        """
        if isinstance(other, Gaussian):
            if other.dim != self.dim:
                raise ShapeError(f"cannot add Gaussians of dimensions {self.dim} and {other.dim}")
            return Gaussian(np.add(self._mu, other._mu), np.add(self._cov, other._cov))
        if self.dim is None:
            return Gaussian(self._mu + real_param(other, "b"), self._cov)
        return self.affine(1.0, other)

    __radd__ = __add__
