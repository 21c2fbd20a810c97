"""The result record of every optimizer and the convergence policy.

Convergence policy (the same for every solver in :mod:`mmlkit.optim`):

* A solver always returns an :class:`OptimizeResult`. ``converged`` says whether the
  stopping test was met, ``reason`` is a short code and ``message`` a sentence.
* When it did not converge, a :class:`ConvergenceWarning` is issued; with
  ``raise_on_failure=True`` a :class:`mmlkit.errors.ConvergenceError` (carrying
  ``.iterations``) is raised instead.
* Divergence — a NaN or infinite function value, gradient or iterate — stops the run at
  once: ``reason == "diverged"``, ``diverged_at`` is the iteration where it happened and
  ``x`` is the last finite iterate.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ConvergenceError, InputTypeError, ShapeError

__all__ = ["OptimizeResult", "ConvergenceWarning"]

# reason codes that mean success
_SUCCESS = {"gtol", "xtol", "ftol", "kkt", "optimal"}


class ConvergenceWarning(UserWarning):
    """An optimizer stopped without meeting its convergence test."""


@dataclass(repr=False)
class OptimizeResult:
    """What an optimizer found and how it got there.

    Attributes
    ----------
    x : ndarray
        The final iterate (the last finite one if the run diverged).
    fun : float
        ``f(x)``.
    nit : int
        Number of iterations (updates of ``x``) performed.
    converged : bool
        Whether the stopping test was met.
    trajectory : ndarray of shape (nit + 1, *x.shape)
        The iterates, ``x0`` first.
    reason : str
        ``"gtol"`` (gradient small), ``"xtol"`` (step small), ``"ftol"``, ``"kkt"``
        (KKT residuals small), ``"max_iter"``, ``"diverged"``, ``"line_search"``,
        ``"infeasible"`` or ``"unbounded"``.
    message : str
        A readable sentence saying the same.
    grad : ndarray or None
        Gradient at ``x`` (when the method uses one).
    multipliers : dict of str to ndarray, or None
        Lagrange multipliers for constrained problems: ``"eq"`` and ``"ineq"``
        (and ``"lower"``/``"upper"`` for bounds), with the sign convention of the
        Lagrangian :math:`f + \\lambda^\\top h + \\mu^\\top g`, :math:`\\mu \\ge 0`.
    fun_history : ndarray
        ``f`` at each iterate of ``trajectory``.
    nfev, ngev : int
        Numbers of function and gradient evaluations.
    diverged_at : int or None
        Iteration where a NaN or infinity appeared.
    info : dict
        Method-specific facts (e.g. Hessian shifts used by Newton's method).
    """

    x: np.ndarray
    fun: float
    nit: int
    converged: bool
    trajectory: np.ndarray
    reason: str
    message: str
    grad: np.ndarray | None = None
    multipliers: dict[str, np.ndarray] | None = None
    fun_history: np.ndarray | None = None
    nfev: int = 0
    ngev: int = 0
    diverged_at: int | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        """Alias of ``converged`` (the name scipy uses)."""
        return self.converged

    def __repr__(self) -> str:
        x = np.array2string(np.asarray(self.x), precision=6, separator=", ")
        return (f"OptimizeResult(x={x}, fun={self.fun:.6g}, nit={self.nit}, "
                f"converged={self.converged}, reason={self.reason!r})")


def finish(result: OptimizeResult, raise_on_failure: bool, who: str) -> OptimizeResult:
    """Apply the convergence policy: warn, or raise when asked, if not converged."""
    if not result.converged:
        text = f"{who}: {result.message}"
        if raise_on_failure:
            raise ConvergenceError(text, iterations=result.nit)
        warnings.warn(text, ConvergenceWarning, stacklevel=_user_stacklevel())
    return result


def _user_stacklevel() -> int:
    """Stack level of the first caller outside mmlkit.optim (where a warning should point)."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith(__package__):
        frame, level = frame.f_back, level + 1
    return level


class Problem:
    """A scalar objective with its gradient, counting evaluations.

    ``f`` may return a float, a 0-d/size-1 array or anything with a ``.data`` array
    (an autodiff tensor). The gradient defaults to ``mmlkit.autodiff.grad(f)``.
    """

    def __init__(self, f: Any, x0: np.ndarray, grad: Any = None, who: str = "optim"):
        if not callable(f):
            raise InputTypeError(f"{who}: f must be callable, got {type(f).__name__}")
        if grad is not None and not callable(grad):
            raise InputTypeError(f"{who}: grad must be callable or None, got {type(grad).__name__}")
        self.f, self.shape, self.who = f, x0.shape, who
        self.g = grad if grad is not None else autodiff_grad(f, who)
        self.nfev = 0
        self.ngev = 0

    def fun(self, x: np.ndarray) -> float:
        self.nfev += 1
        return to_scalar(self.f(x), self.who)

    def grad(self, x: np.ndarray) -> np.ndarray:
        self.ngev += 1
        g = to_array(self.g(x))
        if g.shape != self.shape:
            if g.size == int(np.prod(self.shape)):
                return g.reshape(self.shape)
            raise ShapeError(f"{self.who}: grad returned shape {g.shape}, expected {self.shape}")
        return g

    def fun_grad(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        return self.fun(x), self.grad(x)


def to_array(v: Any) -> np.ndarray:
    """An ndarray of float64 from an ndarray, a number or an autodiff tensor."""
    data = getattr(v, "data", v) if not isinstance(v, np.ndarray) else v
    try:
        return np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"expected numbers, got {type(v).__name__}") from exc


def to_scalar(v: Any, who: str) -> float:
    """A float from whatever f returned; ShapeError if it is not a single number."""
    arr = to_array(v)
    if arr.size != 1:
        raise ShapeError(f"{who}: f must return a scalar, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


def autodiff_grad(f: Any, who: str) -> Any:
    """``mmlkit.autodiff.grad(f)``, imported lazily."""
    from ..autodiff import grad as ad_grad

    return ad_grad(f)


def autodiff_hessian(f: Any, who: str) -> Any:
    """``mmlkit.autodiff.hessian(f)``, imported lazily."""
    from ..autodiff import hessian as ad_hessian

    return ad_hessian(f)


def all_finite(*values: Any) -> bool:
    """True when every value (numbers or arrays) is finite."""
    return all(bool(np.all(np.isfinite(v))) for v in values)


def success(reason: str) -> bool:
    """Whether a reason code means the stopping test was met."""
    return reason in _SUCCESS
