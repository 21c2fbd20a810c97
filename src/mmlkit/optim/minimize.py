"""Unconstrained minimization by name: gd, momentum, adam, newton, bfgs (MML 7.1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputTypeError, InputValueError, ShapeError
from . import _linalg
from ._result import OptimizeResult, Problem, autodiff_hessian, finish, to_array
from ._trace import Trace, check_options, gnorm, start_point
from .gradient_descent import gradient_descent
from .linesearch import backtracking, wolfe
from .optimizers import Adam, Momentum, Optimizer

__all__ = ["minimize", "METHODS"]

METHODS = ("gd", "momentum", "adam", "newton", "bfgs")
# the keyword options each method understands
OPTIONS = {"gd": {"momentum"}, "momentum": {"beta", "weight_decay"},
           "adam": {"b1", "b2", "eps", "weight_decay"}, "newton": set(), "bfgs": {"c1", "c2"}}


def minimize(f: Callable[[np.ndarray], Any], x0: Any, *, method: str = "gd",
             grad: Callable[[np.ndarray], Any] | None = None,
             hess: Callable[[np.ndarray], Any] | None = None, lr: float | None = None,
             n_iter: int | None = None, tol: float = 1e-8, raise_on_failure: bool = False,
             keep_trajectory: bool = True, **options: Any) -> OptimizeResult:
    r"""Minimize a smooth function of a vector with the method named by ``method``.

    .. math:: x^* = \arg\min_x f(x)

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x0 : array-like
        Starting point.
    method : {"gd", "momentum", "adam", "newton", "bfgs"}
        ``"gd"``: gradient descent (fixed step ``lr``, or Armijo backtracking when ``lr``
        is None); ``"momentum"`` (``beta``, default 0.9) and ``"adam"`` (``b1``, ``b2``)
        run those optimizers on the full gradient; ``"newton"``: Newton steps with the
        Hessian shifted to be positive definite when it is not (N&W Alg. 3.3) and a
        backtracking line search; ``"bfgs"``: quasi-Newton with a strong-Wolfe line
        search (N&W Alg. 6.1).
    grad, hess : callable, optional
        Gradient and Hessian; default ``mmlkit.autodiff.grad(f)`` and ``hessian(f)``.
    lr : float, optional
        Step size for gd (default: backtracking), momentum (0.01) and adam (0.001).
    n_iter : int, optional
        Iteration budget (default 10000 for first-order methods, 100 for newton,
        ``max(1000, 200 n)`` for bfgs).
    tol : float, default 1e-8
        Stop when the largest absolute entry of the gradient is at most ``tol``.
    raise_on_failure : bool, default False
        Raise ``ConvergenceError`` instead of a ``ConvergenceWarning`` on failure.
    **options
        ``momentum`` (gd), ``beta`` (momentum), ``b1``, ``b2``, ``eps`` (adam),
        ``weight_decay`` (momentum, adam), ``c1``, ``c2`` (the Wolfe constants of bfgs).

    Returns
    -------
    OptimizeResult
        ``info`` holds ``"hessian_shifts"`` and ``"max_shift"`` (newton) or the final
        inverse-Hessian approximation ``"hess_inv"`` and the number of ``"resets"`` (bfgs).

    Examples
    --------
    >>> import numpy as np
    >>> def rosen(x):
    ...     return (1 - x[0])**2 + 100 * (x[1] - x[0]**2)**2
    >>> def rosen_grad(x):
    ...     return np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0]**2),
    ...                      200 * (x[1] - x[0]**2)])
    >>> res = minimize(rosen, [-1.2, 1.0], method="bfgs", grad=rosen_grad)
    >>> res.converged, np.round(res.x, 6)
    (True, array([1., 1.]))
    """
    who = f"minimize({method!r})"
    if method not in METHODS:
        raise InputValueError(f"minimize: method must be one of {METHODS}, got {method!r}")
    unknown = set(options) - OPTIONS[method]
    if unknown:
        raise InputTypeError(f"{who}: unknown option(s) {sorted(unknown)}; this method takes "
                             f"{sorted(OPTIONS[method]) or 'no options'}")
    x, dtype = start_point(x0, who)
    tol, n_iter = check_options(who, tol, _default_iter(method, x) if n_iter is None else n_iter)
    if method == "gd":
        return gradient_descent(f, x0, lr=1.0 if lr is None else lr, n_iter=n_iter, tol=tol,
                                grad=grad, line_search="backtracking" if lr is None else None,
                                raise_on_failure=raise_on_failure,
                                keep_trajectory=keep_trajectory, **options)
    problem = Problem(f, x, grad, who)
    trace = Trace(problem, x, problem.fun(x), dtype, keep_trajectory)
    if method == "newton":
        hess = _hessian_fn(f, hess, who)
        reason, g, info = _newton(problem, trace, hess, tol, n_iter, **options)
    elif method == "bfgs":
        reason, g, info = _bfgs(problem, trace, tol, n_iter, **options)
    else:
        opt = _first_order(method, lr, options)
        reason, g, info = _run_optimizer(problem, trace, opt, tol, n_iter)
    return finish(trace.result(reason, g, info=info), raise_on_failure, who)


def _default_iter(method: str, x: np.ndarray) -> int:
    return {"newton": 100, "bfgs": max(1000, 200 * x.size)}.get(method, 10000)


def _first_order(method: str, lr: float | None, options: dict[str, Any]) -> Optimizer:
    if method == "momentum":
        return Momentum(0.01 if lr is None else lr, **options)
    return Adam(0.001 if lr is None else lr, **options)


def _hessian_fn(f: Callable, hess: Callable | None, who: str) -> Callable:
    if hess is None:
        return autodiff_hessian(f, who)
    if not callable(hess):
        raise InputTypeError(f"{who}: hess must be callable or None, got {type(hess).__name__}")
    return hess


def _run_optimizer(problem: Problem, trace: Trace, opt: Optimizer, tol: float,
                   n_iter: int) -> tuple[str, np.ndarray, dict]:
    """Full-batch iterations of a training-loop optimizer (momentum, Adam)."""
    x = trace.x.copy()
    g = problem.grad(x)
    for _ in range(n_iter):
        if not np.all(np.isfinite(g)):
            trace.diverged_at = trace.nit
            return "diverged", g, {}
        if gnorm(g) <= tol:
            return "gtol", g, {}
        opt.step([x], [g])
        if not trace.push(x.copy(), problem.fun(x)):
            return "diverged", g, {}
        g = problem.grad(x)
    return ("gtol" if gnorm(g) <= tol else "max_iter"), g, {}


def _newton(problem: Problem, trace: Trace, hess: Callable, tol: float, n_iter: int
            ) -> tuple[str, np.ndarray, dict]:
    """Damped Newton (MML section 7.1, N&W section 3.4) with a shifted Hessian fallback."""
    x, fx, n = trace.x, trace.fx, trace.x.size
    g = problem.grad(x)
    info = {"hessian_shifts": 0, "max_shift": 0.0}
    for _ in range(n_iter):
        if gnorm(g) <= tol:
            return "gtol", g, info
        H = to_array(hess(x))
        if H.size != n * n:
            raise ShapeError(f"minimize('newton'): hess returned shape {H.shape}, "
                             f"expected {(n, n)}")
        H = H.reshape(n, n)
        if not np.all(np.isfinite(H)):
            trace.diverged_at = trace.nit
            return "diverged", g, info
        L, tau = _linalg.modified_cholesky(0.5 * (H + H.T))
        if tau > 0:
            info["hessian_shifts"] += 1
            info["max_shift"] = max(info["max_shift"], tau)
        p = -_linalg.cho_solve(L, g.reshape(-1)).reshape(x.shape)
        ls = backtracking(problem.fun, x, fx, g, p, grad=problem.grad)
        if not ls.ok:
            return "line_search", g, info
        if not trace.push(x + ls.alpha * p, ls.fun):
            return "diverged", g, info
        x, fx = trace.x, trace.fx
        g = problem.grad(x)
    return ("gtol" if gnorm(g) <= tol else "max_iter"), g, info


def _bfgs(problem: Problem, trace: Trace, tol: float, n_iter: int, c1: float = 1e-4,
          c2: float = 0.9, H0: np.ndarray | None = None) -> tuple[str, np.ndarray, dict]:
    """BFGS on the inverse Hessian with a strong-Wolfe line search (N&W Alg. 6.1).

    ``H0`` warm-starts the inverse Hessian; the last one is returned as info["hess_inv"].
    """
    shape, n = trace.x.shape, trace.x.size
    x, fx = trace.x.reshape(-1), trace.fx
    g = problem.grad(trace.x).reshape(-1)
    fg = lambda z: (lambda fz, gz: (fz, gz.reshape(-1)))(*problem.fun_grad(z.reshape(shape)))
    eye = np.eye(n)
    Hinv = eye.copy() if H0 is None else H0.copy()
    info = {"resets": 0, "hess_inv": Hinv}
    for k in range(n_iter):
        info["hess_inv"] = Hinv
        if gnorm(g) <= tol:
            return "gtol", g.reshape(shape), info
        p = -(Hinv @ g)
        alpha0 = min(1.0, 1.0 / max(gnorm(g), 1e-300)) if k == 0 and H0 is None else 1.0
        ls = wolfe(fg, x, fx, g, p, alpha0=alpha0, c1=c1, c2=c2)
        if ls.alpha == 0.0:
            if np.array_equal(Hinv, eye):
                return "line_search", g.reshape(shape), info
            Hinv, info["resets"] = eye.copy(), info["resets"] + 1   # restart along -g
            continue
        s = ls.alpha * p
        y = ls.grad - g
        if not trace.push((x + s).reshape(shape), ls.fun, ls.grad):
            return "diverged", g.reshape(shape), info
        x, fx, g = x + s, ls.fun, ls.grad
        sy = float(s @ y)
        if sy > 1e-12 * float(np.sqrt((s @ s) * (y @ y))):
            if k == 0 and H0 is None:
                Hinv = (sy / float(y @ y)) * eye      # N&W eq. (6.20)
            Hinv = _bfgs_update(Hinv, s, y, sy)
    info["hess_inv"] = Hinv
    return ("gtol" if gnorm(g) <= tol else "max_iter"), g.reshape(shape), info


def _bfgs_update(Hinv: np.ndarray, s: np.ndarray, y: np.ndarray, sy: float) -> np.ndarray:
    """N&W eq. (6.17): H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T, expanded."""
    rho = 1.0 / sy
    Hy = Hinv @ y
    Hinv = Hinv + (rho * rho * float(y @ Hy) + rho) * np.outer(s, s)
    Hinv -= rho * (np.outer(Hy, s) + np.outer(s, Hy))
    return Hinv
