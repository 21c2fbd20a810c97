"""check_grads catches wrong rules; Taylor polynomials (MML §5.8); DOT export."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import mmlkit.autodiff as ad
from mmlkit.autodiff.tensor import Primitive, bind


def _bad_sin():
    # a deliberately wrong derivative: d/dx sin = sin (instead of cos)
    return Primitive("bad_sin", np.sin, (lambda g, ans, x: g * ans,),
                     (lambda t, ans, x: t * ans,))


def test_check_grads_passes_correct_function():
    ad.check_grads(lambda x, y: ad.sum(ad.tanh(x) * y ** 2), np.array([0.1, -0.4]),
                   np.array([1.5, 0.3]), order=2)


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_check_grads_names_argument_index_expected_got(mode):
    bad = _bad_sin()
    f = lambda x, y: ad.sum(x * y) + ad.sum(bind(bad, (y,)))
    y = np.array([0.3, 1.2, -0.5])
    with pytest.raises(AssertionError) as info:
        ad.check_grads(f, np.ones(3), y, order=1, modes=(mode,))
    msg = str(info.value)
    assert "argument 1" in msg and "expected" in msg and "got" in msg and "index" in msg
    if mode == "rev":
        # the located entry's expected value is the true partial derivative 1 + cos(y_i)
        k = int(msg.split("index (")[1].split(",")[0].rstrip(")"))
        expected = float(msg.split("expected ")[1].split(" ")[0])
        assert expected == pytest.approx(1 + np.cos(y[k]), rel=1e-5)


def test_check_grads_catches_wrong_second_derivative():
    # first derivative right, second wrong: forward rule of the derivative is off
    bad2 = Primitive("cos_bad", np.cos, (lambda g, ans, x: g * np.sin(x),),
                     (lambda t, ans, x: t * np.sin(x),))
    good = Primitive("sin_ok", np.sin, (lambda g, ans, x: g * bind(bad2, (x,)),),
                     (lambda t, ans, x: t * bind(bad2, (x,)),))
    f = lambda x: ad.sum(bind(good, (x,)))
    ad.check_grads(f, np.array([0.2, 0.7]), order=1)
    with pytest.raises(AssertionError, match="order 2"):
        ad.check_grads(f, np.array([0.2, 0.7]), order=2)


def test_taylor_sin_plus_cos_matches_series():
    # MML Example 5.4: f(x) = sin(x) + cos(x) at x0 = 0
    T = ad.taylor(lambda x: ad.sin(x) + ad.cos(x), 0.0, 6)
    x = sp.Symbol("x")
    series = sp.series(sp.sin(x) + sp.cos(x), x, 0, 7).removeO()
    want = [float(series.coeff(x, k)) for k in range(7)]
    np.testing.assert_allclose([float(c) for c in T.coefficients()], want, atol=1e-12)
    pts = np.linspace(-0.5, 0.5, 5)
    np.testing.assert_allclose(T(pts), [float(series.subs(x, p)) for p in pts], rtol=1e-12)


def test_taylor_multivariate_example_5_15():
    # MML Example 5.15: f(x, y) = x^2 + 2xy + y^3 at (1, 2); degree 3 is exact
    f = lambda v: v[0] ** 2 + 2 * v[0] * v[1] + v[1] ** 3
    T = ad.taylor(f, [1.0, 2.0], 3)
    assert T.derivatives[0] == 13.0
    np.testing.assert_allclose(T.derivatives[1], [6.0, 14.0])
    np.testing.assert_allclose(T.derivatives[2], [[2.0, 2.0], [2.0, 12.0]])
    pts = np.array([[0.0, 0.0], [1.5, -1.0], [3.0, 2.5]])
    exact = pts[:, 0] ** 2 + 2 * pts[:, 0] * pts[:, 1] + pts[:, 1] ** 3
    np.testing.assert_allclose(T(pts), exact, rtol=1e-12)
    assert T.coefficients()[3][1, 1, 1] == pytest.approx(6.0 / math.factorial(3))


def test_to_dot_lists_every_node_and_edge():
    x = ad.Tensor([1.0, 2.0], requires_grad=True)
    w = ad.Tensor([3.0, -1.0], requires_grad=True)
    y = ad.sum(ad.tanh(x * w))
    y.backward()
    dot = ad.to_dot(y, {"x": x, "w": w})
    assert dot.startswith("digraph {") and dot.endswith("}")
    for label in ('label="x', 'label="w', 'label="mul', 'label="tanh', 'label="sum'):
        assert label in dot
    assert dot.count("->") == 4
    assert "grad" in dot
