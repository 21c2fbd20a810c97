"""Bookkeeping shared by the iterative solvers: iterates, values, stopping, the result."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array, check_positive_int
from ..errors import InputTypeError, InputValueError
from ._result import OptimizeResult, Problem, all_finite, success

_MESSAGES = {
    "gtol": "converged: the gradient norm fell below tol",
    "xtol": "converged: the step became negligibly small",
    "ftol": "converged: f stopped decreasing",
    "kkt": "converged: the KKT residuals fell below tol",
    "max_iter": "did not converge in {nit} iterations (gradient norm {gnorm:.3g})",
    "line_search": "stopped at iteration {nit}: the line search found no step that decreases "
                   "f (gradient norm {gnorm:.3g}); the problem may be badly scaled",
}


def start_point(x0: Any, who: str) -> tuple[np.ndarray, np.dtype]:
    """x0 as a float64 working copy (0-d or n-d) and the dtype to return results in."""
    x = as_float_array(x0, f"{who}: x0")
    dtype = x.dtype
    return x.astype(np.float64, copy=True), dtype


def check_options(who: str, tol: Any, n_iter: Any) -> tuple[float, int]:
    """tol >= 0 (a real) and n_iter >= 0 (an int)."""
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.floating)):
        raise InputTypeError(f"{who}: tol must be a real number, got {tol!r}")
    if not (tol >= 0 and np.isfinite(tol)):
        raise InputValueError(f"{who}: tol must be finite and >= 0, got {tol!r}")
    return float(tol), check_positive_int(n_iter, f"{who}: n_iter", minimum=0)


class Trace:
    """Iterates and function values, with the divergence check of the policy."""

    def __init__(self, problem: Problem, x: np.ndarray, fx: float, dtype: np.dtype,
                 keep: bool = True):
        self.problem, self.dtype, self.keep = problem, dtype, keep
        self.xs, self.fs = [x.copy()], [fx]
        self.x, self.fx = x, fx
        self.nit = 0
        self.diverged_at: int | None = None

    def push(self, x: np.ndarray, fx: float, *extra: Any) -> bool:
        """Record an iterate; False (and nothing recorded) when it is not finite."""
        if not all_finite(x, fx, *extra):
            self.diverged_at = self.nit + 1
            return False
        self.nit += 1
        self.x, self.fx = x, fx
        if self.keep or len(self.xs) == 1:
            self.xs.append(x.copy())
        else:
            self.xs[-1] = x.copy()          # keep x0 and the latest iterate only
        self.fs.append(fx)
        return True

    def result(self, reason: str, grad: np.ndarray | None = None, **kw: Any) -> OptimizeResult:
        gnorm = float(np.max(np.abs(grad))) if grad is not None and grad.size else 0.0
        if self.diverged_at is not None:
            reason = "diverged"
            message = (f"diverged at iteration {self.diverged_at}: a NaN or infinite value "
                       f"appeared (last finite f = {self.fx:.6g}); try a smaller step size")
        else:
            message = kw.pop("message", None) or _MESSAGES.get(reason, reason).format(
                nit=self.nit, gnorm=gnorm)
            if reason == "max_iter" and self.fs[-1] > self.fs[0]:
                message += (f"; f grew from {self.fs[0]:.3g} to {self.fs[-1]:.3g}, "
                            "the step size is probably too large")
        return OptimizeResult(
            x=self.x.astype(self.dtype), fun=float(self.fx), nit=self.nit,
            converged=success(reason), trajectory=np.array(self.xs, dtype=self.dtype),
            reason=reason, message=message, grad=grad, fun_history=np.array(self.fs),
            nfev=self.problem.nfev, ngev=self.problem.ngev, diverged_at=self.diverged_at,
            **kw)


def gnorm(g: np.ndarray) -> float:
    """The infinity norm used by every gradient stopping test."""
    return float(np.max(np.abs(g))) if g.size else 0.0
