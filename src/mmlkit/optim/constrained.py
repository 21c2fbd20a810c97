"""Constrained optimization with Lagrange multipliers (MML section 7.2).

``minimize_constrained`` solves

.. math:: \\min_x f(x) \\quad\\text{s.t.}\\quad h(x) = 0,\\; g(x) \\le 0,\\; l \\le x \\le u

* equality and inequality constraints: the augmented Lagrangian method (Hestenes 1969,
  Powell 1969, Rockafellar 1973; Nocedal and Wright, Framework 17.3 and eq. (17.65)).
  The subproblems are solved by BFGS; the multiplier estimates are updated by
  :math:`\\lambda \\leftarrow \\lambda + \\rho h(x)`,
  :math:`\\mu \\leftarrow \\max(0, \\mu + \\rho g(x))`, and converge to the Lagrange
  multipliers of MML eq. (7.20).
* bounds only: the spectral projected gradient method (Birgin, Martinez and Raydan 2000),
  projected gradient steps with Barzilai-Borwein step sizes and a non-monotone Armijo test.
  Bounds together with other constraints join the inequalities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InputTypeError, InputValueError, ShapeError
from ._result import OptimizeResult, Problem, finish, success, to_array
from ._trace import Trace, check_options, gnorm, start_point
from .minimize import _bfgs
from .qp import _bounds

__all__ = ["minimize_constrained"]


class _Constraints:
    """Stacked constraint values c(x) (shape (m,)) and Jacobians (m, n).

    ``spec`` is None, ``(M, v)`` for the linear constraints ``M x - v``, a callable or a
    sequence of callables; ``jac`` (optional) returns the stacked Jacobian.
    """

    def __init__(self, spec: Any, jac: Any, x: np.ndarray, name: str):
        self.name, self.n, self.linear, self.funcs = name, x.size, None, []
        if spec is None:
            self.m = 0
            return
        if isinstance(spec, tuple) and len(spec) == 2 and not callable(spec[0]):
            from .qp import _pair

            self.linear = _pair(spec[0], spec[1], x.size, f"{name}[0]", f"{name}[1]",
                                "minimize_constrained")
        elif callable(spec):
            self.funcs = [spec]
        elif isinstance(spec, Sequence) and spec and all(callable(c) for c in spec):
            self.funcs = list(spec)
        else:
            raise InputTypeError(f"minimize_constrained: {name} must be a callable, a list of "
                                 f"callables or a pair (M, v) of arrays, got {spec!r}")
        if jac is not None and not callable(jac):
            raise InputTypeError(f"minimize_constrained: {name}_jac must be callable")
        self.jac_fn = jac if jac is not None or self.linear else self._autodiff_jac()
        self.m = self.value(x).size

    def _autodiff_jac(self) -> Callable:
        from ..autodiff import jacobian

        jacs = [jacobian(c) for c in self.funcs]
        return lambda x: np.vstack([to_array(J(x)).reshape(-1, x.size) for J in jacs])

    def value(self, x: np.ndarray) -> np.ndarray:
        if self.linear is not None:
            return self.linear[0] @ x - self.linear[1]
        return np.concatenate([to_array(c(x)).reshape(-1) for c in self.funcs]) \
            if self.funcs else np.zeros(0)

    def jac(self, x: np.ndarray) -> np.ndarray:
        if self.m == 0:
            return np.zeros((0, self.n))
        if self.linear is not None:
            return self.linear[0]
        J = to_array(self.jac_fn(x))
        if J.size != self.m * self.n:
            raise ShapeError(f"minimize_constrained: the Jacobian of {self.name} has shape "
                             f"{J.shape}, expected ({self.m}, {self.n})")
        return J.reshape(self.m, self.n)


def minimize_constrained(f: Callable[[np.ndarray], Any], x0: Any, *, eq: Any = None,
                         ineq: Any = None, bounds: Any = None,
                         grad: Callable | None = None, eq_jac: Callable | None = None,
                         ineq_jac: Callable | None = None, tol: float = 1e-8,
                         n_iter: int | None = None, raise_on_failure: bool = False,
                         keep_trajectory: bool = True) -> OptimizeResult:
    r"""Minimize ``f`` subject to equalities, inequalities and bounds.

    .. math:: \min_x f(x)\;\text{s.t.}\; h(x) = 0,\; g(x) \le 0, \qquad
              \mathfrak{L}(x, \lambda, \mu) = f(x) + \lambda^\top h(x) + \mu^\top g(x)

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` of a 1-D ``x``.
    x0 : array-like of shape (n,)
        Starting point (need not be feasible).
    eq, ineq : callable, list of callables or pair ``(M, v)``, optional
        Constraints :math:`h(x) = 0` and :math:`g(x) \le 0` (MML's sign convention).
        A callable returns a number or a vector; ``(M, v)`` means ``M x = v`` or
        ``M x <= v``.
    bounds : pair or sequence of pairs, optional
        ``(low, high)`` per variable (``None`` = unbounded), as ``scipy.optimize``.
    grad, eq_jac, ineq_jac : callable, optional
        Gradient of ``f`` and Jacobians (shape (m, n)) of the stacked constraints;
        default: :mod:`mmlkit.autodiff`.
    tol : float, default 1e-8
        Tolerance on the KKT residuals: feasibility and complementarity below ``tol``,
        stationarity below ``tol * (1 + max|grad f(x)|)``.
    n_iter : int, optional
        Outer iterations (default 50; 10000 projected-gradient steps for bounds only).
    raise_on_failure : bool, default False

    Returns
    -------
    OptimizeResult
        ``multipliers`` holds ``"eq"`` (:math:`\lambda`), ``"ineq"`` (:math:`\mu \ge 0`)
        and, with bounds, ``"lower"`` and ``"upper"`` (both :math:`\ge 0`).

    Examples
    --------
    Minimize :math:`x_1 + x_2` on the unit circle; the multiplier solves
    :math:`\nabla f + \lambda \nabla h = 0`:

    >>> import numpy as np
    >>> res = minimize_constrained(
    ...     lambda x: x[0] + x[1], [1.0, 0.0], grad=lambda x: np.ones(2),
    ...     eq=lambda x: x @ x - 1, eq_jac=lambda x: 2 * x[None, :])
    >>> np.round(res.x, 6), np.round(res.multipliers["eq"], 6)
    (array([-0.707107, -0.707107]), array([0.707107]))
    """
    who = "minimize_constrained"
    x, dtype = start_point(x0, who)
    if x.ndim != 1:
        raise ShapeError(f"{who}: x0 must be a 1-D vector, got shape {x.shape}")
    only_bounds = eq is None and ineq is None
    if n_iter is None:
        n_iter = 10000 if only_bounds else 50
    tol, n_iter = check_options(who, tol, n_iter)
    lo, hi = _bounds(bounds, x.size, who) if bounds is not None else (None, None)
    problem = Problem(f, x, grad, who)
    if only_bounds:
        if lo is None:
            raise InputValueError(f"{who}: give eq, ineq or bounds (or use minimize)")
        res = _projected_gradient(problem, x, dtype, lo, hi, tol, n_iter, keep_trajectory)
    else:
        ceq = _Constraints(eq, eq_jac, x, "eq")
        cin = _Constraints(ineq, ineq_jac, x, "ineq")
        res = _augmented_lagrangian(problem, x, dtype, ceq, _with_bounds(cin, lo, hi),
                                    tol, n_iter, keep_trajectory)
    return finish(res, raise_on_failure, who)


class _WithBounds(_Constraints):
    """Inequalities followed by the rows -x_i + l_i <= 0 and x_i - u_i <= 0."""

    def __init__(self, base: _Constraints, lo: np.ndarray, hi: np.ndarray):
        self.base, self.n = base, base.n
        self.il, self.iu = np.flatnonzero(np.isfinite(lo)), np.flatnonzero(np.isfinite(hi))
        self.lo, self.hi = lo, hi
        eye = np.eye(self.n)
        self.B = np.vstack([-eye[self.il], eye[self.iu]])
        self.m = base.m + self.B.shape[0]

    def value(self, x):
        return np.concatenate([self.base.value(x), self.lo[self.il] - x[self.il],
                               x[self.iu] - self.hi[self.iu]])

    def jac(self, x):
        return np.vstack([self.base.jac(x), self.B])

    def split(self, mu: np.ndarray) -> dict[str, np.ndarray]:
        lower, upper = np.zeros(self.n), np.zeros(self.n)
        k = self.base.m
        lower[self.il] = mu[k:k + self.il.size]
        upper[self.iu] = mu[k + self.il.size:]
        return {"ineq": mu[:k], "lower": lower, "upper": upper}


def _with_bounds(cin: _Constraints, lo: np.ndarray | None, hi: np.ndarray | None
                 ) -> _Constraints:
    return cin if lo is None else _WithBounds(cin, lo, hi)


def _aug_lagrangian(problem: Problem, ceq: _Constraints, cin: _Constraints,
                    lam: np.ndarray, mu: np.ndarray, rho: float) -> tuple[Callable, Callable]:
    """L_A = f + lam.h + rho/2 |h|^2 + 1/(2 rho) sum(max(0, mu + rho g)^2 - mu^2), N&W (17.65)."""
    def fun(x):
        h, g = ceq.value(x), cin.value(x)
        plus = np.maximum(0.0, mu + rho * g)
        return (problem.fun(x) + lam @ h + 0.5 * rho * (h @ h)
                + (plus @ plus - mu @ mu) / (2.0 * rho))

    def grad(x):
        h, g = ceq.value(x), cin.value(x)
        plus = np.maximum(0.0, mu + rho * g)
        return problem.grad(x) + ceq.jac(x).T @ (lam + rho * h) + cin.jac(x).T @ plus

    return fun, grad


def _kkt_errors(problem: Problem, ceq: _Constraints, cin: _Constraints, x: np.ndarray,
                lam: np.ndarray, mu: np.ndarray) -> tuple[float, float]:
    """Stationarity of the Lagrangian, and feasibility with complementarity."""
    stat = gnorm(problem.grad(x) + ceq.jac(x).T @ lam + cin.jac(x).T @ mu)
    h, g = ceq.value(x), cin.value(x)
    feas = max(gnorm(h), gnorm(np.maximum(g, 0.0)), gnorm(np.minimum(-g, mu)))
    return stat, feas


def _augmented_lagrangian(problem: Problem, x: np.ndarray, dtype: np.dtype,
                          ceq: _Constraints, cin: _Constraints, tol: float, n_iter: int,
                          keep: bool) -> OptimizeResult:
    """Outer loop of N&W Framework 17.3 with inequality terms (17.65)."""
    lam, mu, rho, omega = np.zeros(ceq.m), np.zeros(cin.m), 10.0, 1e-3
    # stationarity is measured relative to the size of grad f (rounding limits it)
    scale = 1.0 + gnorm(problem.grad(x))
    xs, feas_prev, inner_total, reason = [x.copy()], np.inf, 0, "max_iter"
    outer, H0 = 0, None
    for _ in range(n_iter):
        outer += 1
        fun, grad = _aug_lagrangian(problem, ceq, cin, lam, mu, rho)
        inner = Problem(fun, x, grad, "minimize_constrained")
        tr = Trace(inner, x, inner.fun(x), np.dtype(np.float64), keep)
        # the inverse Hessian of the last subproblem warm-starts the next one
        inner_reason, _, inner_info = _bfgs(inner, tr, omega, max(1000, 200 * x.size),
                                            H0=H0)
        H0 = inner_info["hess_inv"]
        inner_total += tr.nit
        if inner_reason == "diverged":
            reason = "diverged"
            break
        x = tr.x
        xs.extend(tr.xs[1:])
        lam = lam + rho * ceq.value(x)
        mu = np.maximum(0.0, mu + rho * cin.value(x))
        stat, feas = _kkt_errors(problem, ceq, cin, x, lam, mu)
        scale = 1.0 + gnorm(problem.grad(x))
        if stat <= tol * scale and feas <= tol:
            reason = "kkt"
            break
        if feas > max(tol, 0.25 * feas_prev):      # too little progress: penalize harder
            rho, H0 = min(10.0 * rho, 1e10), None
        feas_prev, omega = feas, max(0.1 * omega, 0.1 * tol * scale)
    return _constrained_result(problem, x, dtype, xs, reason, ceq, cin, lam, mu,
                               {"outer_iterations": outer, "rho": rho,
                                "inner_iterations": inner_total})


def _constrained_result(problem, x, dtype, xs, reason, ceq, cin, lam, mu, info
                        ) -> OptimizeResult:
    stat, feas = _kkt_errors(problem, ceq, cin, x, lam, mu)
    mult = {"eq": lam, **(cin.split(mu) if isinstance(cin, _WithBounds) else {"ineq": mu})}
    message = ("converged: KKT residuals below tol" if success(reason) else
               f"stopped ({reason}) after {info['outer_iterations']} outer iterations: "
               f"stationarity {stat:.2g}, feasibility {feas:.2g}")
    return OptimizeResult(
        x=x.astype(dtype), fun=problem.fun(x), nit=info["outer_iterations"],
        converged=success(reason), trajectory=np.array(xs, dtype=dtype), reason=reason,
        message=message, grad=problem.grad(x), multipliers=mult, nfev=problem.nfev,
        ngev=problem.ngev, info={**info, "stationarity": stat, "feasibility": feas})


def _projected_gradient(problem: Problem, x0: np.ndarray, dtype: np.dtype, lo: np.ndarray,
                        hi: np.ndarray, tol: float, n_iter: int, keep: bool
                        ) -> OptimizeResult:
    """Spectral projected gradient (Birgin, Martinez and Raydan 2000, Algorithm SPG2)."""
    proj = lambda z: np.clip(z, lo, hi)
    x = proj(x0)
    trace = Trace(problem, x, problem.fun(x), dtype, keep)
    g, alpha, reason = problem.grad(x), 1.0, "max_iter"
    for _ in range(n_iter):
        if gnorm(proj(x - g) - x) <= tol:
            reason = "gtol"
            break
        d = proj(x - alpha * g) - x
        step, f_new = _nonmonotone_armijo(problem, x, g, d, max(trace.fs[-10:]))
        if step == 0.0:
            reason = "line_search"
            break
        s = step * d
        if not trace.push(x + s, f_new):
            reason = "diverged"
            break
        g_new = problem.grad(trace.x)
        sy = float(s @ (g_new - g))
        alpha = min(max(float(s @ s) / sy, 1e-12), 1e12) if sy > 0 else 1e12
        x, g = trace.x, g_new
    return _bounds_result(trace, reason, g, lo, hi, tol)


def _nonmonotone_armijo(problem: Problem, x: np.ndarray, g: np.ndarray, d: np.ndarray,
                        f_max: float, c1: float = 1e-4) -> tuple[float, float]:
    """Largest 2^-k with f(x + t d) <= max of recent f + c1 t g.d (Grippo et al. 1986)."""
    slope, t = float(g @ d), 1.0
    for _ in range(60):
        f_new = problem.fun(x + t * d)
        if np.isfinite(f_new) and f_new <= f_max + c1 * t * slope:
            return t, f_new
        t *= 0.5
    return 0.0, f_max


def _bounds_result(trace: Trace, reason: str, g: np.ndarray, lo: np.ndarray,
                   hi: np.ndarray, tol: float) -> OptimizeResult:
    x = trace.x
    at_lo = x - lo <= 1e-10 * (1.0 + np.abs(lo))
    at_hi = hi - x <= 1e-10 * (1.0 + np.abs(hi))
    res = trace.result(reason, g)
    res.multipliers = {"lower": np.where(at_lo, np.maximum(g, 0.0), 0.0),
                       "upper": np.where(at_hi, np.maximum(-g, 0.0), 0.0)}
    return res
