"""Without grad/hess/jac the solvers differentiate f with mmlkit.autodiff."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so

import mmlkit.autodiff as ad
from mmlkit.optim import gradient_descent, minimize, minimize_constrained

from .problems import himmelblau, rosen, rosen_der


def rosen_ad(x):
    # written with Python operators and mmlkit.autodiff functions
    return ad.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


@pytest.mark.filterwarnings("ignore::mmlkit.optim.ConvergenceWarning")
def test_default_gradient_equals_analytic_in_gd():
    x0 = np.array([0.5, -0.3])
    f = lambda x: (x[0] - 1.0) ** 2 + 3.0 * (x[1] + 2.0) ** 2 + x[0] * x[1]
    g = lambda x: np.array([2 * (x[0] - 1) + x[1], 6 * (x[1] + 2) + x[0]])
    a = gradient_descent(f, x0, lr=0.1, n_iter=50, tol=0.0)
    b = gradient_descent(f, x0, lr=0.1, n_iter=50, tol=0.0, grad=g)
    np.testing.assert_allclose(a.trajectory, b.trajectory, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("method", ["bfgs", "newton"])
@pytest.mark.parametrize("n", [2, 6])
def test_rosenbrock_with_autodiff_matches_scipy(method, n):
    x0 = np.linspace(-1.0, 0.5, n)
    ref = so.minimize(rosen, x0, jac=rosen_der, method="BFGS", options={"gtol": 1e-10})
    res = minimize(rosen_ad, x0, method=method, tol=1e-9)
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)


def test_newton_with_autodiff_hessian_on_himmelblau():
    res = minimize(himmelblau, [0.0, 0.0], method="newton", tol=1e-10)
    assert res.converged and res.info["hessian_shifts"] >= 1
    ref = so.minimize(himmelblau, res.x, method="BFGS", options={"gtol": 1e-12})
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)


def test_constrained_with_autodiff_jacobians():
    res = minimize_constrained(lambda x: x[0] + 2.0 * x[1], [1.0, 1.0],
                               eq=lambda x: x @ x - 5.0)
    # min x1 + 2 x2 on the circle of radius sqrt 5: x* = -(1, 2), 1 + 2 lam x1 = 0
    np.testing.assert_allclose(res.x, [-1.0, -2.0], atol=1e-7)
    np.testing.assert_allclose(res.multipliers["eq"], [0.5], atol=1e-7)
