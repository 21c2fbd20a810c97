"""Continuous optimization: mmlkit.optim against scipy.optimize.

BFGS on the Rosenbrock function (n = 2, 10, 50): both sides get the same function and
the same analytic gradient (``jac=``) and the same gradient tolerance, so the
comparison is of the optimizers; iteration and evaluation counts are in the note.
``solve_qp`` (primal-dual interior point) on random convex QPs (n = 50, 200, 500, with
n inequalities and n/10 equalities) against ``minimize(method="trust-constr")`` given
the exact gradient, the exact Hessian and the constraints as ``LinearConstraint``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np
import scipy.optimize as so

from benchmarks._harness import Case
from mmlkit.optim import minimize, solve_qp

TITLE = "Continuous optimization (mmlkit.optim)"
GTOL = 1e-6


def rosen(x: np.ndarray) -> float:
    """The Rosenbrock function in plain NumPy (the same callable for both sides)."""
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosen_der(x: np.ndarray) -> np.ndarray:
    """Its gradient."""
    d = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * d - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * d
    return g


def _rosen_case(n: int) -> Case:
    x0 = np.linspace(-1.0, 0.5, n) if n > 2 else np.array([-1.2, 1.0])
    ours = lambda: minimize(rosen, x0, method="bfgs", grad=rosen_der, tol=GTOL,
                            keep_trajectory=False)
    ref = lambda: so.minimize(rosen, x0, jac=rosen_der, method="BFGS",
                              options={"gtol": GTOL})
    a, b = ours(), ref()
    if not (a.converged and b.success and np.allclose(a.x, b.x, atol=1e-4)):
        raise RuntimeError(f"rosenbrock n={n}: the two solvers disagree")
    note = (f"nit {a.nit} vs {b.nit}; f+grad evaluations {a.nfev}+{a.ngev} vs "
            f"{b.nfev}+{b.njev}")
    return Case(f"BFGS Rosenbrock n={n}", ours, ref, "scipy minimize BFGS (same jac)",
                target=1.0, note=note)


def _random_qp(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((n, n))
    P = M @ M.T / n + 0.1 * np.eye(n)
    q = rng.standard_normal(n)
    G = rng.standard_normal((n, n))
    x_feas = rng.standard_normal(n) * 0.1
    h = G @ x_feas + rng.random(n)
    A = rng.standard_normal((n // 10, n))
    b = A @ x_feas
    return P, q, G, h, A, b


class _Note:
    """A note filled in from the runs the harness times (no extra run of the reference)."""

    def __init__(self, ours: dict, ref: dict):
        self.ours, self.ref = ours, ref

    def __format__(self, spec: str) -> str:
        a, r = self.ours.get("res"), self.ref.get("res")
        if a is None or r is None:
            return ""
        return (f"nit {a.nit} vs {r.nit}; f difference {abs(a.fun - r.fun):.1e}; "
                f"scipy status {r.status}")

    __str__ = lambda self: format(self, "")


def _qp_case(n: int) -> Case:
    P, q, G, h, A, b = _random_qp(n)
    cons = [so.LinearConstraint(G, -np.inf, h), so.LinearConstraint(A, b, b)]
    last_ours: dict = {}
    last_ref: dict = {}

    def ours():
        last_ours["res"] = solve_qp(P, q, G, h, A, b)

    def ref():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            last_ref["res"] = so.minimize(
                lambda x: 0.5 * x @ P @ x + q @ x, np.zeros(n), jac=lambda x: P @ x + q,
                hess=lambda x: P, method="trust-constr", constraints=cons,
                options={"maxiter": 5000})

    return Case(f"solve_qp random convex n={n}", ours, ref, "scipy trust-constr",
                target=1.0, note=_Note(last_ours, last_ref))


def cases() -> Iterator[Case]:
    for n in (2, 10, 50):
        yield _rosen_case(n)
    for n in (50, 200, 500):
        yield _qp_case(n)
