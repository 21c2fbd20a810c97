"""Gradient descent with a fixed step, backtracking line search and momentum (MML 7.1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputValueError
from ._result import OptimizeResult, Problem, finish
from ._trace import Trace, check_options, gnorm, start_point
from .linesearch import backtracking
from .optimizers import _check_real

__all__ = ["gradient_descent"]


def gradient_descent(f: Callable[[np.ndarray], Any], x0: Any, *, lr: float,
                     n_iter: int = 1000, tol: float = 1e-8,
                     grad: Callable[[np.ndarray], Any] | None = None, momentum: float = 0.0,
                     line_search: str | None = None, raise_on_failure: bool = False,
                     keep_trajectory: bool = True) -> OptimizeResult:
    r"""Minimize ``f`` by gradient descent, optionally with momentum (MML eqs. (7.6), (7.11)).

    .. math:: x_{i+1} = x_i - \gamma_i \nabla f(x_i)^\top + \alpha\,(x_i - x_{i-1})

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x0 : array-like (a float or a vector)
        Starting point.
    lr : float
        The step size :math:`\gamma`; with ``line_search="backtracking"`` the first trial
        step of each line search.
    n_iter : int, default 1000
        Maximum number of iterations.
    tol : float, default 1e-8
        Stop when :math:`\max_j |\partial f / \partial x_j| \le` ``tol``.
    grad : callable, optional
        ``grad(x) -> ndarray``; defaults to ``mmlkit.autodiff.grad(f)``.
    momentum : float in [0, 1), default 0
        The momentum coefficient :math:`\alpha` (heavy ball, MML eq. (7.11)).
    line_search : {None, "backtracking"}
        ``"backtracking"`` picks :math:`\gamma_i` by Armijo backtracking (N&W Alg. 3.1).
    raise_on_failure : bool, default False
        Raise :class:`~mmlkit.errors.ConvergenceError` instead of warning when the run
        does not converge (see :mod:`mmlkit.optim` for the policy).
    keep_trajectory : bool, default True
        Keep every iterate in ``result.trajectory`` (else only the first and last).

    Returns
    -------
    OptimizeResult
        ``reason`` is ``"gtol"`` on success, else ``"max_iter"``, ``"diverged"`` (with
        ``diverged_at``) or ``"line_search"``.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[2.0, 0.0], [0.0, 20.0]])
    >>> f = lambda x: 0.5 * x @ A @ x
    >>> res = gradient_descent(f, [1.0, 1.0], lr=0.09, grad=lambda x: A @ x, tol=1e-10)
    >>> res.converged, res.nit, bool(np.abs(res.x).max() < 1e-10)
    (True, 120, True)
    >>> res.trajectory.shape
    (121, 2)
    """
    who = "gradient_descent"
    x, dtype = start_point(x0, who)
    tol, n_iter = check_options(who, tol, n_iter)
    lr = _check_real(lr, "lr", low=0.0, open_low=True)
    beta = _check_real(momentum, "momentum", low=0.0, high=1.0, open_high=True)
    if line_search not in (None, "backtracking"):
        raise InputValueError(f"{who}: line_search must be None or 'backtracking', "
                              f"got {line_search!r}")
    problem = Problem(f, x, grad, who)
    trace = Trace(problem, x, problem.fun(x), dtype, keep_trajectory)
    reason, g = _descend(problem, trace, lr, beta, line_search, tol, n_iter)
    return finish(trace.result(reason, g), raise_on_failure, who)


def _descend(problem: Problem, trace: Trace, lr: float, beta: float,
             line_search: str | None, tol: float, n_iter: int) -> tuple[str, np.ndarray]:
    """The iteration of MML eq. (7.11); returns the stopping reason and the last gradient."""
    x, fx = trace.x, trace.fx
    g = problem.grad(x)
    dx = np.zeros_like(x)
    for _ in range(n_iter):
        if not np.all(np.isfinite(g)):
            trace.diverged_at = trace.nit
            return "diverged", g
        if gnorm(g) <= tol:
            return "gtol", g
        if line_search is None:
            step = -lr * g + beta * dx
            x_new = x + step
            f_new = problem.fun(x_new)
        else:
            ls = backtracking(problem.fun, x, fx, g, -g, alpha0=lr, grad=problem.grad)
            if not ls.ok:
                return "line_search", g
            step = -ls.alpha * g + beta * dx
            x_new = x + step
            f_new = ls.fun if beta == 0 else problem.fun(x_new)
        if not trace.push(x_new, f_new):
            return "diverged", g
        x, fx, dx = x_new, f_new, step
        g = problem.grad(x)
    return ("gtol" if np.all(np.isfinite(g)) and gnorm(g) <= tol else "max_iter"), g
