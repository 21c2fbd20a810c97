"""The Tensor engine: tape, accumulation, dtypes, no_grad, operators and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mmlkit.autodiff as ad
from mmlkit.autodiff import Tensor, no_grad
from mmlkit.autodiff.tensor import Primitive, bind
from mmlkit.errors import InputValueError, MMLError, ShapeError


def test_reused_node_accumulates():
    x = Tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x * x
    z = (y + y * x + ad.sin(y)).sum()
    z.backward()
    tx = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64, requires_grad=True)
    ty = tx * tx
    (ty + ty * tx + torch.sin(ty)).sum().backward()
    np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-12)


def test_backward_accumulates_across_calls():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [6.0, 6.0])


def test_leaf_gradients_are_separate_writable_arrays():
    x = Tensor(np.ones(3), requires_grad=True)
    y = Tensor(np.ones(3), requires_grad=True)
    (x + y).sum().backward()
    assert x.grad is not y.grad
    x.grad[0] = 5.0  # must not be a read-only broadcast view, nor shared with y
    assert y.grad[0] == 1.0


def test_deep_chain_has_no_recursion_limit():
    x = Tensor(0.5, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0001 + 0.0
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** 5000)


def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3)).astype(np.float32)
    W = Tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
    b = Tensor(np.zeros(4, np.float32), requires_grad=True)
    h = ad.tanh(ad.linear(X, W, b)) * 2.5 + 1
    loss = ad.cross_entropy(h, np.array([0, 1, 2, 3, 0])) + ad.mean(h ** 2) / 3
    assert h.dtype == np.float32 and loss.dtype == np.float32
    loss.backward()
    assert W.grad.dtype == np.float32 and b.grad.dtype == np.float32
    g = ad.grad(lambda v: ad.sum(ad.exp(v) * 0.5))(np.ones(3, np.float32))
    assert g.dtype == np.float32
    H = ad.hessian(lambda v: ad.sum(ad.sin(v) * v))(np.ones(2, np.float32))
    assert H.dtype == np.float32


def test_no_grad_makes_constants():
    w = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = w * 3
    assert not y.requires_grad
    assert ad.is_grad_enabled()
    # inside a transform, no_grad stops the gradient
    g = ad.grad(lambda x: x * x + _stopped(x))(3.0)
    assert g == 6.0


def _stopped(x):
    with no_grad():
        return x * x


def test_ndarray_operators_dispatch_to_tensor():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = Tensor([1.0, 1.0], requires_grad=True)
    for y in (A @ x, A * x, 2.0 - x, np.float64(2.0) * x, A / (x + 1), 2 ** x):
        assert isinstance(y, Tensor)
    (A @ x).sum().backward()
    np.testing.assert_array_equal(x.grad, A.sum(axis=0))


def test_inputs_are_not_mutated():
    x = np.array([1.0, 2.0, 3.0])
    keep = x.copy()
    ad.grad(lambda v: ad.sum(v ** 2))(x)
    ad.hessian(lambda v: ad.sum(v ** 3))(x)
    ad.jacobian(lambda v: v[::-1] * 2)(x)
    t = Tensor(x, requires_grad=True)
    t.data -= 1.0
    np.testing.assert_array_equal(x, keep)


def test_where_has_no_nan_from_untaken_branch():
    x = np.array([-1.0, 0.0, 4.0])
    f = lambda v: ad.sum(ad.where(v > 0, ad.sqrt(v), 0.0) + ad.where(v > 0, ad.log(v), -1.0))
    g = ad.grad(f)(x)
    np.testing.assert_allclose(g, [0.0, 0.0, 0.25 + 0.25])
    h = ad.hessian(f)(x)
    assert np.all(np.isfinite(h))


def test_stable_composites_do_not_overflow():
    big = np.array([[1000.0, -1000.0, 999.0]])
    assert np.isfinite(ad.logsumexp(big).item())
    assert np.all(np.isfinite(ad.softmax(big).data))
    assert np.all(np.isfinite(ad.log_softmax(big).data))
    assert np.isfinite(ad.cross_entropy(big, [1]).item())
    s = ad.sigmoid(np.array([-800.0, 800.0])).data
    np.testing.assert_array_equal(s, [0.0, 1.0])
    g = ad.grad(lambda z: ad.cross_entropy(z, [1]))(big)
    assert np.all(np.isfinite(g))


def test_grad_of_nonscalar_says_use_jacobian():
    with pytest.raises(ShapeError, match="jacobian"):
        ad.grad(lambda v: v * 2)(np.ones(3))
    with pytest.raises(ShapeError, match="jacobian"):
        (Tensor(np.ones(3), requires_grad=True) * 2).backward()


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ShapeError, match=r"\(2, 3\).*\(4,\)"):
        Tensor(np.ones((2, 3))) + np.ones(4)
    with pytest.raises(ShapeError, match=r"\(2, 3\) and \(2,\)"):
        ad.matmul(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ShapeError):
        ad.reshape(np.ones(6), (4, 2))


def test_primitive_without_rule_raises_not_implemented():
    floor = Primitive("floor", np.floor)
    with pytest.raises(NotImplementedError, match="floor"):
        ad.grad(lambda v: ad.sum(bind(floor, (v,))))(np.ones(2))
    with pytest.raises(NotImplementedError, match="floor"):
        ad.jvp(lambda v: bind(floor, (v,)), (np.ones(2),), (np.ones(2),))


def test_errors_are_mmlerrors():
    with pytest.raises(MMLError):
        ad.grad(lambda v: v)(np.ones(2))
    with pytest.raises(InputValueError):
        ad.grad(lambda v: v.sum(), argnums=3)(np.ones(2))
    with pytest.raises(MMLError):
        ad.cross_entropy(np.ones((2, 3)), [0, 3])
    with pytest.raises(MMLError):
        Tensor("abc")


def test_indexing_and_methods():
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = x[1, ::2].sum() + x.T[0].max() + x.mean() + x.reshape(3, 2)[2, 1] * 10
    y.backward()
    expected = np.full((2, 3), 1 / 6)
    expected[1, 0] += 1
    expected[1, 2] += 1
    expected[1, 0] += 1  # x.T[0] is column 0 of x, whose maximum is x[1, 0]
    expected[1, 2] += 10
    np.testing.assert_allclose(x.grad, expected)
    assert float(Tensor(2.5)) == 2.5 and len(x) == 2 and x.shape == (2, 3)


def test_repr_and_detach():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert "requires_grad=True" in repr(x)
    assert "op=mul" in repr(x * 2)
    assert not (x * 2).detach().requires_grad


def test_iteration_over_rows_is_differentiable():
    x = Tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    rows = list(x)
    assert len(rows) == 3
    ad.stack([r * k for k, r in enumerate(rows)]).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])


def _faults_of_fresh_arrays() -> int:
    import resource

    def churn():
        arrays = [np.full((512, 512), float(k)) for k in range(12)]  # 2 MiB each
        return float(sum(a[0, 0] for a in arrays))

    churn()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(5):
        churn()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_reuse_memory_keeps_freed_arrays_in_the_process():
    import sys

    try:
        on = ad.reuse_memory(True)
        assert on == sys.platform.startswith("linux")  # glibc on Linux; False elsewhere
        if on:
            kept = _faults_of_fresh_arrays()
            ad.reuse_memory(False)
            returned = _faults_of_fresh_arrays()
            assert kept < 0.1 * returned  # fresh pages are faulted in only without it
    finally:
        ad.reuse_memory(False)
