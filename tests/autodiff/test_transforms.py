"""Function transforms against torch.autograd.functional and SymPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
import torch

import mmlkit.autodiff as ad

# (ours, theirs) pairs of shape-preserving maps R^n -> R^n used to build random compositions
_MAPS = [
    (ad.sin, torch.sin),
    (ad.tanh, torch.tanh),
    (ad.sigmoid, torch.sigmoid),
    (lambda v: v * v, lambda v: v * v),
    (lambda v: ad.exp(-v * v), lambda v: torch.exp(-v * v)),
    (lambda v: ad.softmax(v), lambda v: torch.softmax(v, -1)),
    (lambda v: ad.log(1 + v * v), lambda v: torch.log(1 + v * v)),
    (lambda v: v * ad.sum(v), lambda v: v * torch.sum(v)),
    (lambda v: v[::-1] * v, lambda v: torch.flip(v, (0,)) * v),
    (lambda v: ad.cos(v) / (2 + v), lambda v: torch.cos(v) / (2 + v)),
]


def _composition(seed: int, n: int):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n)) / np.sqrt(n)
    b = rng.standard_normal(n)
    picks = rng.integers(0, len(_MAPS), 4)
    tA, tb = torch.as_tensor(A), torch.as_tensor(b)

    def ours(x):
        h = A @ x + b
        for k in picks:
            h = _MAPS[k][0](h) + 0.5 * x
        return h

    def theirs(x):
        h = tA @ x + tb
        for k in picks:
            h = _MAPS[k][1](h) + 0.5 * x
        return h

    return rng.standard_normal(n), ours, theirs


@pytest.mark.parametrize("seed", range(8))
def test_jacobian_of_random_composition(seed):
    x, ours, theirs = _composition(seed, 5)
    expected = torch.autograd.functional.jacobian(theirs, torch.as_tensor(x)).numpy()
    np.testing.assert_allclose(ad.jacobian(ours)(x), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ad.jacfwd(ours)(x), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_hessian_of_random_composition(seed):
    x, ours, theirs = _composition(seed, 4)
    w = np.random.default_rng(seed + 50).standard_normal(4)
    f = lambda v: ad.sum(ours(v) * w) + ad.logsumexp(ours(v))
    tf = lambda v: torch.sum(theirs(v) * torch.as_tensor(w)) + torch.logsumexp(theirs(v), 0)
    expected = torch.autograd.functional.hessian(tf, torch.as_tensor(x)).numpy()
    H = ad.hessian(f)(x)
    np.testing.assert_allclose(H, expected, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(ad.jacobian(ad.grad(f))(x), expected, rtol=1e-9, atol=1e-11)
    v = np.arange(4.0)
    np.testing.assert_allclose(ad.hvp(f, x, v), expected @ v, rtol=1e-9, atol=1e-11)


def test_matrix_argument_jacobian_shape():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((3, 2))
    f = lambda M: ad.tanh(M @ M.T)
    expected = torch.autograd.functional.jacobian(
        lambda M: torch.tanh(M @ M.T), torch.as_tensor(X)).numpy()
    assert ad.jacobian(f)(X).shape == (3, 3, 3, 2)
    np.testing.assert_allclose(ad.jacobian(f)(X), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ad.jacfwd(f)(X), expected, rtol=1e-10, atol=1e-12)


_x = sp.Symbol("x")
_SCALAR = [
    (lambda x: x ** 3 * ad.sin(x), _x ** 3 * sp.sin(_x)),
    (lambda x: ad.exp(ad.tanh(x)), sp.exp(sp.tanh(_x))),
    (lambda x: ad.log(1 + x ** 2) * ad.cos(x), sp.log(1 + _x ** 2) * sp.cos(_x)),
    (lambda x: ad.sigmoid(2 * x) / (1 + x ** 2), 1 / (1 + sp.exp(-2 * _x)) / (1 + _x ** 2)),
    (lambda x: ad.sqrt(1 + x ** 2) ** 3, sp.sqrt(1 + _x ** 2) ** 3),
    (lambda x: x ** x, _x ** _x),
]


@pytest.mark.parametrize("k", range(len(_SCALAR)))
@pytest.mark.parametrize("x0", [0.3, 1.7])
def test_third_derivative_matches_sympy(k, x0):
    f, expr = _SCALAR[k]
    expected = [float(sp.diff(expr, _x, n).subs(_x, x0)) for n in (1, 2, 3)]
    g1 = ad.grad(f)
    g2 = ad.grad(g1)
    g3 = ad.grad(g2)
    got = [g1(x0), g2(x0), g3(x0)]
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    # forward over reverse gives the same third derivative
    assert ad.derivative_tensor(f, x0, 3) == pytest.approx(expected[2], rel=1e-10)


def test_third_order_partials_match_sympy():
    a, b = sp.symbols("a b")
    expr = a ** 2 * sp.sin(b) + sp.exp(a * b) + a ** 3 * b
    f = lambda v: v[0] ** 2 * ad.sin(v[1]) + ad.exp(v[0] * v[1]) + v[0] ** 3 * v[1]
    point = {a: 0.4, b: -0.7}
    syms = (a, b)
    T = ad.derivative_tensor(f, [0.4, -0.7], 3)
    assert T.shape == (2, 2, 2)
    for i in range(2):
        for j in range(2):
            for k in range(2):
                want = float(sp.diff(expr, syms[i], syms[j], syms[k]).subs(point))
                assert T[i, j, k] == pytest.approx(want, rel=1e-10)


def test_value_and_grad_argnums():
    f = lambda x, y: ad.sum(x * ad.sin(y)) + ad.sum(y ** 2)
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    value, (gx, gy) = ad.value_and_grad(f, argnums=(0, 1))(x, y)
    assert value == pytest.approx(float(np.sum(x * np.sin(y)) + np.sum(y ** 2)))
    np.testing.assert_allclose(gx, np.sin(y))
    np.testing.assert_allclose(gy, x * np.cos(y) + 2 * y)
    np.testing.assert_allclose(ad.grad(f, argnums=1)(x, y), gy)


def test_jvp_and_vjp_agree_with_jacobian():
    x, ours, _ = _composition(21, 5)
    J = ad.jacobian(ours)(x)
    rng = np.random.default_rng(0)
    v, u = rng.standard_normal(5), rng.standard_normal(5)
    out, tangent = ad.jvp(ours, (x,), (v,))
    np.testing.assert_allclose(tangent, J @ v, rtol=1e-10)
    out2, pullback = ad.vjp(ours, x)
    np.testing.assert_allclose(out, out2)
    np.testing.assert_allclose(pullback(u)[0], u @ J, rtol=1e-10)
    np.testing.assert_allclose(pullback(2 * u)[0], 2 * u @ J, rtol=1e-10)  # graph reused


def test_float_argument_gives_float():
    g = ad.grad(lambda x: x ** 3)(2.0)
    assert isinstance(g, float) and g == 12.0
    arr = ad.grad(lambda x: x ** 3)(np.array(2.0))
    assert isinstance(arr, np.ndarray) and arr.shape == ()


def test_grad_of_constant_function_is_zero():
    np.testing.assert_array_equal(ad.grad(lambda x: 3.0)(np.ones(3)), np.zeros(3))
    np.testing.assert_array_equal(ad.jacobian(lambda x: np.ones(2))(np.ones(3)),
                                  np.zeros((2, 3)))


def test_closure_over_outer_variable_nests_correctly():
    # d/dx [ x * d/dy (x + y) ] = 1: the inner derivative must not see x as its variable
    f = lambda x: x * ad.grad(lambda y: x + y)(1.0)
    assert ad.grad(f)(2.0) == 1.0


def test_rosenbrock_gradient_and_hessian():
    def rosen(v):
        return ad.sum(100.0 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2)

    def trosen(v):
        return torch.sum(100.0 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2)

    x = np.array([-1.2, 1.0, 0.5, 2.0])
    tx = torch.as_tensor(x)
    np.testing.assert_allclose(ad.grad(rosen)(x),
                               torch.func.grad(trosen)(tx).numpy(), rtol=1e-12)
    np.testing.assert_allclose(ad.hessian(rosen)(x),
                               torch.autograd.functional.hessian(trosen, tx).numpy(),
                               rtol=1e-12)


def test_edge_shapes_and_argument_errors():
    assert ad.jacobian(lambda x: x ** 2)(np.array([])).shape == (0, 0)
    assert ad.hessian(lambda x: ad.sum(x ** 3))(np.array([])).shape == (0, 0)
    np.testing.assert_array_equal(ad.grad(lambda x: ad.sum(x ** 2))([1, 2]), [2.0, 4.0])
    assert ad.grad(lambda x: (x ** 2).reshape(1))(3.0) == 6.0
    with pytest.raises(TypeError):
        ad.hessian(lambda x, y: ad.sum(x * y), argnums=(0, 1))
    with pytest.raises(TypeError, match="grad"):
        ad.grad(5)
    with pytest.raises(TypeError, match="number or a tensor"):
        ad.grad(lambda x: "a")(1.0)


def test_jacobian_with_several_arguments_and_unused_one():
    rng = np.random.default_rng(5)
    A, x, z = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(2)
    Jx, Jz = ad.jacobian(lambda x, z: ad.tanh(A @ x), argnums=(0, 1))(x, z)
    expected = torch.autograd.functional.jacobian(lambda t: torch.tanh(torch.as_tensor(A) @ t),
                                                  torch.as_tensor(x)).numpy()
    np.testing.assert_allclose(Jx, expected, rtol=1e-12)
    np.testing.assert_array_equal(Jz, np.zeros((3, 2)))


def test_forward_and_reverse_jacobians_in_memory_bounded_blocks():
    # 4900 input directions exceed one block of jacfwd: several passes, same matrix
    X = np.random.default_rng(9).standard_normal((70, 70))
    f = lambda M: ad.tanh(M).sum(axis=0)
    J = ad.jacfwd(f)(X)
    d = 1 - np.tanh(X) ** 2  # d out_j / d X_ij = 1 - tanh(X_ij)^2
    expected = np.zeros((70, 70, 70))
    for j in range(70):
        expected[j, :, j] = d[:, j]
    np.testing.assert_allclose(J, expected, rtol=1e-12)
    np.testing.assert_allclose(ad.jacobian(f)(X), expected, rtol=1e-12)
