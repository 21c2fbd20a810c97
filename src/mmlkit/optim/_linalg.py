"""The linear algebra the optimizers need, all from :mod:`mmlkit.decomp` (imported lazily)."""

from __future__ import annotations

import numpy as np

from ..errors import NotPositiveDefiniteError

__all__ = ["cholesky", "cho_solve", "cholesky_inverse_factor", "solve", "modified_cholesky"]


def cholesky(A: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor; NotPositiveDefiniteError when A is not SPD."""
    from ..decomp import cholesky as _cholesky

    return _cholesky(A)


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with A x = b (LU with partial pivoting, from mmlkit.decomp)."""
    from ..decomp import solve as _solve

    return _solve(A, b)


def cho_solve(L: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with L L^T x = b, by a forward and a back substitution."""
    from ..decomp import solve_triangular

    y = solve_triangular(L, b, lower=True)
    return solve_triangular(L.T, y, lower=False)


def cholesky_inverse_factor(A: np.ndarray) -> np.ndarray:
    """L^-1 for A = L L^T, so that A^-1 r = L^-T (L^-1 r) costs two products.

    One blocked triangular solve with n right-hand sides replaces a pair of
    substitutions per right-hand side.
    """
    from ..decomp import solve_triangular

    L = cholesky(A)
    return solve_triangular(L, np.eye(L.shape[0]), lower=True)


def modified_cholesky(H: np.ndarray, beta: float = 1e-3) -> tuple[np.ndarray, float]:
    """Cholesky of H + tau I with the smallest tau = 0, beta, 2 beta, ... that works.

    Nocedal and Wright, Algorithm 3.3 (Cholesky with added multiple of the identity):
    a Newton step on a Hessian that is not positive definite becomes a descent step.
    """
    scale = float(np.max(np.abs(H))) if H.size else 1.0
    beta = beta * max(scale, 1.0)
    d = np.diag(H)
    tau = 0.0 if d.size == 0 or d.min() > 0 else beta - float(d.min())
    eye = np.eye(H.shape[0])
    for _ in range(80):
        try:
            return cholesky(H + tau * eye), tau
        except NotPositiveDefiniteError:
            tau = max(2.0 * tau, beta)
    raise NotPositiveDefiniteError(
        f"newton: no shift tau <= {tau:.3g} makes the Hessian positive definite")
