"""gradient_descent and minimize against scipy.optimize, torch.optim and closed forms."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.optimize as so
import torch

from mmlkit.errors import ConvergenceError, InputTypeError, InputValueError, ShapeError
from mmlkit.optim import ConvergenceWarning, gradient_descent, minimize

from .problems import (
    beale,
    beale_grad,
    himmelblau,
    himmelblau_grad,
    himmelblau_hess,
    rosen,
    rosen_der,
    rosen_hess,
)

A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
B = np.array([1.0, -2.0, 0.5])
quad = lambda x: 0.5 * x @ A @ x - B @ x
quad_grad = lambda x: A @ x - B
X_STAR = np.linalg.solve(A, B)
L_MAX = np.linalg.eigvalsh(A).max()


def test_gd_fixed_step_iterates_follow_closed_form():
    # x_k - x* = (I - lr A)^k (x0 - x*)   (MML eq. (7.6) on a quadratic)
    lr, x0 = 0.3, np.array([2.0, 0.0, -1.0])
    res = gradient_descent(quad, x0, lr=lr, grad=quad_grad, tol=1e-10, n_iter=5000)
    M = np.eye(3) - lr * A
    for k in (0, 1, 2, 10, 37):
        expected = X_STAR + np.linalg.matrix_power(M, k) @ (x0 - X_STAR)
        np.testing.assert_allclose(res.trajectory[k], expected, rtol=1e-10, atol=1e-12)
    assert res.converged and res.reason == "gtol"
    np.testing.assert_allclose(res.x, X_STAR, atol=1e-9)
    assert res.trajectory.shape == (res.nit + 1, 3)
    np.testing.assert_allclose(res.fun_history[-1], quad(res.x))
    assert res.fun == pytest.approx(quad(X_STAR), abs=1e-15)


@pytest.mark.filterwarnings("ignore::mmlkit.optim.ConvergenceWarning")
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_gd_momentum_matches_torch_sgd(beta):
    lr, x0 = 0.1, np.array([2.0, 0.0, -1.0])
    res = gradient_descent(quad, x0, lr=lr, grad=quad_grad, momentum=beta, n_iter=40, tol=0)
    xt = torch.tensor(x0, requires_grad=True)
    opt = torch.optim.SGD([xt], lr=lr, momentum=beta)
    At, Bt = torch.tensor(A), torch.tensor(B)
    for k in range(1, 41):
        opt.zero_grad()
        (0.5 * xt @ At @ xt - Bt @ xt).backward()
        opt.step()
        np.testing.assert_allclose(res.trajectory[k], xt.detach().numpy(), rtol=1e-11,
                                   atol=1e-13, err_msg=f"iteration {k}")


def test_step_size_regimes():
    # fixed-step GD on a quadratic converges iff lr < 2 / lambda_max
    x0 = np.ones(3)
    ok = gradient_descent(quad, x0, lr=1.9 / L_MAX, grad=quad_grad, n_iter=20000, tol=1e-9)
    assert ok.converged
    with pytest.warns(ConvergenceWarning, match="step size is probably too large"):
        bad = gradient_descent(quad, x0, lr=2.1 / L_MAX, grad=quad_grad, n_iter=300)
    assert not bad.converged and bad.reason == "max_iter"
    assert bad.fun_history[-1] > bad.fun_history[0]


def test_backtracking_steps_satisfy_armijo_and_converge():
    # Himmelblau's minimum (3, 2) is exact
    res = gradient_descent(himmelblau, [1.0, 1.0], lr=1.0, grad=himmelblau_grad,
                           line_search="backtracking", tol=1e-9)
    assert res.converged
    np.testing.assert_allclose(res.x, [3.0, 2.0], atol=1e-9)
    xs, fs = res.trajectory, res.fun_history
    for k in range(len(xs) - 1):
        g = himmelblau_grad(xs[k])
        step = xs[k + 1] - xs[k]
        assert fs[k + 1] <= fs[k] + 1e-4 * g @ step + 1e-12      # Armijo with p = -g


def test_divergence_is_detected_with_iteration():
    def f(x):
        with np.errstate(over="ignore"):
            return float(x @ x)

    g = lambda x: 2 * x
    with pytest.warns(ConvergenceWarning, match="diverged at iteration 2"):
        res = gradient_descent(f, [1.0], lr=1e100, grad=g)
    assert res.reason == "diverged" and res.diverged_at == 2 and not res.converged
    assert np.all(np.isfinite(res.x)) and res.nit == 1
    np.testing.assert_array_equal(res.trajectory[-1], res.x)
    with pytest.raises(ConvergenceError) as info:
        gradient_descent(f, [1.0], lr=1e100, grad=g, raise_on_failure=True)
    assert info.value.iterations == 1


def test_max_iter_policy_warns_or_raises():
    with pytest.warns(ConvergenceWarning, match="did not converge in 3 iterations"):
        res = gradient_descent(quad, np.zeros(3), lr=0.01, grad=quad_grad, n_iter=3)
    assert not res.converged and res.reason == "max_iter" and res.nit == 3
    with pytest.raises(ConvergenceError, match="did not converge"):
        gradient_descent(quad, np.zeros(3), lr=0.01, grad=quad_grad, n_iter=3,
                         raise_on_failure=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradient_descent(quad, np.zeros(3), lr=0.3, grad=quad_grad, n_iter=5000)


def test_scalar_start_and_float32():
    res = gradient_descent(lambda x: (x - 3.0) ** 2, 0.0, lr=0.25, grad=lambda x: 2 * (x - 3.0))
    assert res.x.shape == () and res.x == pytest.approx(3.0)
    r32 = gradient_descent(quad, np.ones(3, dtype=np.float32), lr=0.3, grad=quad_grad)
    assert r32.x.dtype == np.float32 and r32.trajectory.dtype == np.float32
    np.testing.assert_allclose(r32.x, X_STAR, rtol=1e-6)


def test_inputs_not_mutated_and_keep_trajectory_off():
    x0 = np.array([2.0, 0.0, -1.0])
    keep = x0.copy()
    res = gradient_descent(quad, x0, lr=0.3, grad=quad_grad, keep_trajectory=False)
    np.testing.assert_array_equal(x0, keep)
    assert res.trajectory.shape == (2, 3)
    np.testing.assert_array_equal(res.trajectory[0], keep)


@pytest.mark.parametrize("kw, err, match", [
    ({"lr": 0.0}, InputValueError, "lr"),
    ({"lr": 0.1, "line_search": "wolfe"}, InputValueError, "line_search"),
    ({"lr": 0.1, "momentum": 1.0}, InputValueError, "momentum"),
    ({"lr": 0.1, "n_iter": -1}, InputValueError, "n_iter"),
    ({"lr": 0.1, "tol": -1.0}, InputValueError, "tol"),
    ({"lr": 0.1, "grad": 3}, InputTypeError, "grad"),
])
def test_bad_options(kw, err, match):
    with pytest.raises(err, match=match):
        gradient_descent(quad, np.zeros(3), **({"grad": quad_grad} | kw))


def test_bad_functions():
    with pytest.raises(ShapeError, match="scalar"):
        gradient_descent(lambda x: x, np.zeros(3), lr=0.1, grad=quad_grad)
    with pytest.raises(ShapeError, match="grad returned shape"):
        gradient_descent(quad, np.zeros(3), lr=0.1, grad=lambda x: np.zeros(2))
    with pytest.raises(InputValueError, match="NaN"):
        gradient_descent(quad, [np.nan, 0, 0], lr=0.1, grad=quad_grad)
    with pytest.raises(InputTypeError, match="callable"):
        gradient_descent("x**2", [1.0], lr=0.1, grad=quad_grad)


def _rosen_start(n):
    return np.linspace(-1.0, 0.5, n) if n > 2 else np.array([-1.2, 1.0])


@pytest.mark.parametrize("n", [2, 5, 10, 20, 50])
def test_bfgs_rosenbrock_matches_scipy(n):
    x0 = _rosen_start(n)
    ref = so.minimize(rosen, x0, jac=rosen_der, method="BFGS", options={"gtol": 1e-10})
    res = minimize(rosen, x0, method="bfgs", grad=rosen_der, tol=1e-10)
    assert res.converged and res.reason == "gtol"
    np.testing.assert_allclose(ref.x, np.ones(n), atol=1e-6)
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)
    assert np.max(np.abs(rosen_der(res.x))) <= 1e-10


@pytest.mark.parametrize("f, g, x0", [
    (beale, beale_grad, [1.0, 1.0]),
    (beale, beale_grad, [2.0, 0.2]),
    (himmelblau, himmelblau_grad, [0.0, 0.0]),
    (himmelblau, himmelblau_grad, [-1.0, 3.0]),
    (himmelblau, himmelblau_grad, [-2.0, -2.0]),
    (himmelblau, himmelblau_grad, [4.0, -1.0]),
])
@pytest.mark.parametrize("method", ["bfgs", "newton"])
def test_beale_himmelblau_match_scipy(f, g, x0, method):
    ref = so.minimize(f, x0, jac=g, method="BFGS", options={"gtol": 1e-11})
    kw = {"hess": himmelblau_hess} if f is himmelblau else {}
    if method == "newton" and f is beale:
        ref_h = so.minimize(f, x0, jac=g, method="Newton-CG",
                            hess=lambda x: _fd_hess(g, x), options={"xtol": 1e-12})
        kw = {"hess": lambda x: _fd_hess(g, x)}
        ref = ref_h
    res = minimize(f, x0, method=method, grad=g, tol=1e-9, **kw)
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)


def _fd_hess(g, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    cols = [(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(x.size)]
    H = np.array(cols).T
    return 0.5 * (H + H.T)


@pytest.mark.parametrize("n", [2, 10, 30])
def test_newton_rosenbrock_matches_scipy(n):
    x0 = _rosen_start(n)
    ref = so.minimize(rosen, x0, jac=rosen_der, hess=rosen_hess, method="trust-exact",
                      options={"gtol": 1e-10})
    res = minimize(rosen, x0, method="newton", grad=rosen_der, hess=rosen_hess, tol=1e-10)
    assert res.converged and res.nit < 100
    np.testing.assert_allclose(res.x, ref.x, atol=1e-6)


def test_newton_solves_quadratic_in_one_step():
    res = minimize(quad, np.ones(3), method="newton", grad=quad_grad, hess=lambda x: A)
    assert res.nit == 1 and res.info["hessian_shifts"] == 0
    np.testing.assert_allclose(res.x, X_STAR, rtol=1e-12)


def test_newton_falls_back_when_hessian_is_indefinite():
    # Himmelblau's Hessian at the origin has eigenvalues of both signs
    assert np.linalg.eigvalsh(himmelblau_hess([0.0, 0.0])).min() < 0
    res = minimize(himmelblau, [0.0, 0.0], method="newton", grad=himmelblau_grad,
                   hess=himmelblau_hess, tol=1e-10)
    assert res.converged and res.info["hessian_shifts"] >= 1
    assert np.max(np.abs(himmelblau_grad(res.x))) <= 1e-10
    assert np.linalg.eigvalsh(himmelblau_hess(res.x)).min() > 0       # a minimum
    assert np.all(np.diff(res.fun_history) <= 0)                       # descent throughout


@pytest.mark.parametrize("method, lr", [("momentum", 0.1), ("adam", 0.05), ("gd", None),
                                        ("gd", 0.3)])
def test_first_order_methods_reach_quadratic_minimum(method, lr):
    res = minimize(quad, np.zeros(3), method=method, grad=quad_grad, lr=lr, tol=1e-8,
                   n_iter=100000)
    assert res.converged
    np.testing.assert_allclose(res.x, X_STAR, atol=1e-7)


@pytest.mark.filterwarnings("ignore::mmlkit.optim.ConvergenceWarning")
def test_minimize_adam_equals_torch_adam_trajectory():
    res = minimize(quad, np.zeros(3), method="adam", grad=quad_grad, lr=0.05, n_iter=30, tol=0,
                   b1=0.8, b2=0.99)
    xt = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([xt], lr=0.05, betas=(0.8, 0.99))
    for _ in range(30):
        opt.zero_grad()
        (0.5 * xt @ torch.tensor(A) @ xt - torch.tensor(B) @ xt).backward()
        opt.step()
    np.testing.assert_allclose(res.x, xt.detach().numpy(), rtol=1e-11)


def test_minimize_validates():
    with pytest.raises(InputValueError, match="method"):
        minimize(quad, np.zeros(3), method="lbfgs", grad=quad_grad)
    with pytest.raises(InputTypeError, match="option"):
        minimize(quad, np.zeros(3), method="adam", grad=quad_grad, beta=0.5)
    with pytest.raises(InputTypeError, match="no options"):
        minimize(quad, np.zeros(3), method="newton", grad=quad_grad, hess=lambda x: A, c1=0.1)
    with pytest.raises(InputTypeError, match="momentum"):
        minimize(quad, np.zeros(3), method="gd", grad=quad_grad, beta=0.1)
    with pytest.raises(ShapeError, match="hess returned"):
        minimize(quad, np.zeros(3), method="newton", grad=quad_grad, hess=lambda x: np.eye(2))


def test_bfgs_reports_line_search_failure_on_non_smooth_plateau():
    # f has a kink at the minimum; BFGS stalls there and says so without raising
    f, g = lambda x: float(np.abs(x).sum()), lambda x: np.sign(x)
    with pytest.warns(ConvergenceWarning):
        res = minimize(f, [1.0, -2.0], method="bfgs", grad=g)
    assert not res.converged and res.reason in {"line_search", "max_iter"}
    assert res.fun < 3.0
