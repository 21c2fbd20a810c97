"""The fast paths of the dense-layer primitives agree with PyTorch and keep every semantic."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mmlkit.autodiff as ad
from mmlkit.autodiff import Tensor
from mmlkit.errors import InputValueError


def _mlp(widths, batch, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, widths[0])).astype(dtype)
    y = rng.integers(0, widths[-1], batch)
    params = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
        params.append((rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(dtype))
        params.append((0.1 * rng.standard_normal(n_out)).astype(dtype))
    return X, y, params


# fewer classes than samples (class-major softmax) and more (row-major softmax)
@pytest.mark.parametrize("widths,batch", [((5, 7, 3), 16), ((4, 6, 9), 5), ((3, 8, 8, 2), 2)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_mlp_step_equals_torch(widths, batch, dtype):
    X, y, params = _mlp(widths, batch, dtype)
    X0, params0 = X.copy(), [p.copy() for p in params]
    ps = [Tensor(p, requires_grad=True) for p in params]
    h = X
    for k in range(0, len(ps) - 2, 2):
        h = ad.relu(ad.linear(h, ps[k], ps[k + 1]))
    logits = ad.linear(h, ps[-2], ps[-1])
    z0 = logits.data.copy()
    loss = ad.cross_entropy(logits, y)
    loss.backward()

    tp = [torch.tensor(p, requires_grad=True) for p in params]
    th = torch.as_tensor(X)
    for k in range(0, len(tp) - 2, 2):
        th = torch.relu(torch.addmm(tp[k + 1], th, tp[k]))
    tloss = torch.nn.functional.cross_entropy(torch.addmm(tp[-1], th, tp[-2]),
                                              torch.as_tensor(y))
    tloss.backward()
    rtol, atol = (2e-5, 1e-6) if dtype == np.float32 else (1e-11, 1e-13)
    assert loss.dtype == dtype
    np.testing.assert_allclose(loss.item(), tloss.item(), rtol=rtol)
    for p, t in zip(ps, tp, strict=True):
        assert p.grad.dtype == dtype
        assert p.grad.shape == p.shape
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=rtol, atol=atol)
    # no input was touched: data, parameters, and the logits kept by the graph
    np.testing.assert_array_equal(X, X0)
    for p, q in zip(params, params0, strict=True):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(logits.data, z0)


@pytest.mark.parametrize("n,c", [(6, 3), (3, 6)])
def test_cross_entropy_backward_twice_accumulates(n, c):
    rng = np.random.default_rng(1)
    z = Tensor(rng.standard_normal((n, c)), requires_grad=True)
    y = rng.integers(0, c, n)
    loss = ad.cross_entropy(z, y)
    loss.backward()
    once = z.grad.copy()
    loss.backward()  # the softmax kept for the backward pass is not consumed
    np.testing.assert_allclose(z.grad, 2 * once, rtol=1e-14)
    tz = torch.tensor(z.data, requires_grad=True)
    torch.nn.functional.cross_entropy(tz, torch.as_tensor(y)).backward()
    np.testing.assert_allclose(once, tz.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("n,c", [(6, 3), (3, 6)])
def test_cross_entropy_hessian_equals_torch(n, c):
    rng = np.random.default_rng(2)
    z = rng.standard_normal((n, c))
    y = rng.integers(0, c, n)
    ours = ad.hessian(lambda v: ad.cross_entropy(v, y))(z)
    theirs = torch.func.hessian(
        lambda v: torch.nn.functional.cross_entropy(v, torch.as_tensor(y)))(torch.as_tensor(z))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-13)
    # grad of grad through linear + relu + cross-entropy (reverse over reverse)
    W = rng.standard_normal((c, c))

    def f(w):
        return ad.cross_entropy(ad.relu(ad.linear(z, w.reshape(c, c), np.zeros(c))), y)

    def tf(w):
        return torch.nn.functional.cross_entropy(
            torch.relu(torch.as_tensor(z) @ w.reshape(c, c)), torch.as_tensor(y))

    v = rng.standard_normal(c * c)
    hv = ad.grad(lambda w: ad.sum(ad.grad(f)(w) * v))(W.ravel())
    thv = torch.func.hessian(tf)(torch.as_tensor(W.ravel())).numpy() @ v
    np.testing.assert_allclose(hv, thv, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("labels", [[0, -1], [0, 3], np.array([1, -2], np.int32),
                                    np.array([0, 7], np.uint8)])
def test_cross_entropy_rejects_labels_out_of_range(labels):
    with pytest.raises(InputValueError, match="labels must lie in"):
        ad.cross_entropy(np.zeros((2, 3)), labels)


@pytest.mark.parametrize("labels", [np.array([2, 0], np.uint8), np.array([1, 2], np.int16),
                                    [2.0, 1.0]])
def test_cross_entropy_accepts_any_integer_labels(labels):
    z = np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
    expected = torch.nn.functional.cross_entropy(
        torch.as_tensor(z), torch.as_tensor(np.asarray(labels).astype(np.int64))).item()
    assert ad.cross_entropy(z, labels).item() == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_values_and_gradient_at_the_edges(dtype):
    x = np.array([[-2.0, -0.0, 0.0, 3.0, np.nan, np.inf, -np.inf]], dtype)
    t = Tensor(x, requires_grad=True)
    out = ad.relu(t)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out.data, np.maximum(x, 0))
    ad.sum(out * np.arange(1.0, 8.0).astype(dtype)).backward()
    assert t.grad.dtype == dtype
    np.testing.assert_array_equal(t.grad, np.array([[0, 0, 0, 4, 0, 6, 0]], dtype))
    # 0-d and 1-d inputs take the same rule
    assert ad.grad(ad.relu)(2.0) == 1.0
    np.testing.assert_array_equal(ad.grad(lambda v: ad.sum(ad.relu(v)))(np.array([-1.0, 1.0])),
                                  [0.0, 1.0])


def test_reused_nodes_accumulate_in_creation_order():
    a = Tensor([1.0, 2.0], requires_grad=True)
    u = a * a
    b = Tensor([3.0, 4.0], requires_grad=True)  # a leaf made after a node
    v = u * b + u
    ad.sum(v * u).backward()
    # d/da sum(u^2 b + u^2) = 4 a^3 (b + 1); d/db = u^2 = a^4
    np.testing.assert_allclose(a.grad, 4 * np.array([1.0, 8.0]) * np.array([4.0, 5.0]))
    np.testing.assert_allclose(b.grad, [1.0, 16.0])
