"""Property checks on random convex problems (oracle: numpy.linalg and the KKT conditions)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mmlkit.optim import minimize, solve_qp

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=1, max_value=8)


def _spd(n, rng, cond=50.0):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (Q * np.geomspace(1.0, cond, n)) @ Q.T


@settings(max_examples=25)
@given(seed=seeds, n=sizes, method=st.sampled_from(["bfgs", "newton", "gd"]))
def test_quadratic_minimizer_is_linear_solve(seed, n, method):
    rng = np.random.default_rng(seed)
    A, b = _spd(n, rng), rng.standard_normal(n)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = minimize(lambda x: 0.5 * x @ A @ x - b @ x, rng.standard_normal(n),
                       method=method, grad=lambda x: A @ x - b, hess=lambda x: A,
                       tol=1e-10, n_iter=100000)
    np.testing.assert_allclose(res.x, np.linalg.solve(A, b), atol=1e-8)
    assert np.all(np.diff(res.fun_history) <= 1e-11 * (1 + np.abs(res.fun_history[:-1])))


@settings(max_examples=25)
@given(seed=seeds, n=sizes, m=st.integers(1, 12), p=st.integers(0, 2))
def test_random_qp_satisfies_kkt(seed, n, m, p):
    p = min(p, n - 1) if n > 1 else 0
    rng = np.random.default_rng(seed)
    P = _spd(n, rng, cond=1e3)
    q = rng.standard_normal(n)
    G = rng.standard_normal((m, n))
    x_feas = rng.standard_normal(n)
    h = G @ x_feas + rng.random(m)
    A = rng.standard_normal((p, n))
    b = A @ x_feas
    res = solve_qp(P, q, G, h, A if p else None, b if p else None)
    x, z, y = res.x, res.multipliers["ineq"], res.multipliers["eq"]
    assert res.converged
    tol = 1e-7 * (1 + np.abs(q).max() + np.abs(h).max())
    assert np.all(G @ x <= h + tol) and np.all(z >= -tol)
    np.testing.assert_allclose(z * (h - G @ x), 0.0, atol=tol)
    np.testing.assert_allclose(P @ x + q + G.T @ z + (A.T @ y if p else 0.0), 0.0, atol=tol)
    if p:
        np.testing.assert_allclose(A @ x, b, atol=tol)


@pytest.mark.parametrize("n", [1, 3])
def test_one_dimensional_and_tiny_problems(n):
    res = solve_qp(np.eye(n), -np.ones(n), G=np.eye(n), h=np.full(n, 0.25))
    np.testing.assert_allclose(res.x, 0.25, atol=1e-9)
    np.testing.assert_allclose(res.multipliers["ineq"], 0.75, atol=1e-9)
