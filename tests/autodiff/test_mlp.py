"""A 3 -> hidden -> 2 MLP written with mmlkit.autodiff: gradients equal PyTorch's; it learns."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mmlkit.autodiff as ad
from mmlkit.autodiff import Tensor


def _data(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3))
    y = (X[:, 0] * X[:, 1] + 0.5 * X[:, 2] > 0).astype(int)  # not linearly separable
    return X, y


def _init(hidden, seed=1, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((3, hidden)) / np.sqrt(3)).astype(dtype),
            np.zeros(hidden, dtype),
            (rng.standard_normal((hidden, 2)) / np.sqrt(hidden)).astype(dtype),
            np.zeros(2, dtype)]


def _loss(params, X, y):
    W1, b1, W2, b2 = params
    h = ad.tanh(ad.linear(X, W1, b1))
    return ad.cross_entropy(h @ W2 + b2, y)


@pytest.mark.parametrize("hidden", [4, 16])
def test_mlp_gradients_equal_torch(hidden):
    X, y = _data()
    params = _init(hidden)
    ours = [Tensor(p, requires_grad=True) for p in params]
    loss = _loss(ours, X, y)
    loss.backward()
    tp = [torch.tensor(p, requires_grad=True) for p in params]
    th = torch.tanh(torch.as_tensor(X) @ tp[0] + tp[1])
    tloss = torch.nn.functional.cross_entropy(th @ tp[2] + tp[3], torch.as_tensor(y))
    tloss.backward()
    assert loss.item() == pytest.approx(tloss.item(), rel=1e-12)
    for p, t in zip(ours, tp, strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-10, atol=1e-13)
    # the functional interface gives the same gradients
    grads = ad.grad(lambda *ps: _loss(ps, X, y), argnums=(0, 1, 2, 3))(*params)
    for g, t in zip(grads, tp, strict=True):
        np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-13)


def test_mlp_trains_with_backprop():
    X, y = _data()
    params = [Tensor(p, requires_grad=True) for p in _init(16)]
    losses = []
    for _ in range(300):
        loss = _loss(params, X, y)
        loss.backward()
        losses.append(loss.item())
        for p in params:
            p.data -= 0.5 * p.grad
            p.grad = None
    assert losses[-1] < 0.5 * losses[0]
    W1, b1, W2, b2 = (p.data for p in params)
    pred = (np.tanh(X @ W1 + b1) @ W2 + b2).argmax(axis=1)
    assert (pred == y).mean() > 0.9


def test_relu_mlp_float32_step_matches_torch():
    X, y = _data(32)
    X = X.astype(np.float32)
    params = _init(16, dtype=np.float32)
    ours = [Tensor(p, requires_grad=True) for p in params]
    W1, b1, W2, b2 = ours
    ad.cross_entropy(ad.linear(ad.relu(ad.linear(X, W1, b1)), W2, b2), y).backward()
    tp = [torch.tensor(p, requires_grad=True) for p in params]
    th = torch.relu(torch.addmm(tp[1], torch.as_tensor(X), tp[0]))
    torch.nn.functional.cross_entropy(torch.addmm(tp[3], th, tp[2]),
                                      torch.as_tensor(y)).backward()
    for p, t in zip(ours, tp, strict=True):
        assert p.grad.dtype == np.float32
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=2e-4, atol=1e-6)
