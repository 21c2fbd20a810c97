"""Every primitive's derivatives against PyTorch (float64) and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _ad_cases import CASES

from mmlkit.autodiff import check_grads, jacfwd, jvp, vjp
from mmlkit.autodiff.rules import PRIMITIVES

SEEDS = range(4)


def _torch_vjp(theirs, args, u):
    ts = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in args]
    out = theirs(*ts)
    grads = torch.autograd.grad(out, ts, grad_outputs=torch.as_tensor(u), allow_unused=True)
    return out.detach().numpy(), [np.zeros_like(a) if g is None else g.numpy()
                                  for g, a in zip(grads, args, strict=True)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_reverse_mode_matches_torch(name, seed):
    rng = np.random.default_rng(seed)
    args, ours, theirs = CASES[name](rng)
    out, pullback = vjp(ours, *args)
    u = rng.standard_normal(np.shape(out))
    t_out, t_grads = _torch_vjp(theirs, args, u)
    np.testing.assert_allclose(out, t_out, rtol=1e-12, atol=1e-12)
    for g, tg in zip(pullback(u), t_grads, strict=True):
        assert g.shape == tg.shape
        np.testing.assert_allclose(g, tg, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_mode_matches_torch(name, seed):
    rng = np.random.default_rng(100 + seed)
    args, ours, theirs = CASES[name](rng)
    vs = [rng.standard_normal(np.shape(a)) for a in args]
    out, tangent = jvp(ours, tuple(args), tuple(vs))
    t_out, t_tangent = torch.func.jvp(theirs, tuple(torch.as_tensor(a) for a in args),
                                      tuple(torch.as_tensor(v) for v in vs))
    np.testing.assert_allclose(out, t_out.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(tangent, t_tangent.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_batched_forward_mode_matches_torch_jacobian(name):
    rng = np.random.default_rng(7)
    args, ours, theirs = CASES[name](rng)
    rest = args[1:]
    J = jacfwd(lambda x: ours(x, *rest))(args[0])
    TJ = torch.autograd.functional.jacobian(
        lambda x: theirs(x, *(torch.as_tensor(r) for r in rest)), torch.as_tensor(args[0]))
    np.testing.assert_allclose(J, TJ.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_grads_second_order(name):
    rng = np.random.default_rng(11)
    args, ours, _ = CASES[name](rng)
    check_grads(ours, *args, order=2)


def test_battery_covers_the_rule_table():
    covered = {
        "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "log1p", "sqrt", "sin", "cos",
        "tan", "tanh", "sigmoid", "softplus", "relu", "abs", "matmul", "linear", "sum", "max",
        "logsumexp",
        "softmax", "log_softmax", "cross_entropy", "reshape", "broadcast_to", "transpose",
        "getitem", "concatenate", "where",
    }
    # scatter is the transpose of getitem: reached by every second-order getitem check
    assert set(PRIMITIVES) - covered == {"scatter"}


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4, 40))
@pytest.mark.parametrize("name", sorted(CASES))
def test_many_random_shapes_against_torch(name, seed):
    test_reverse_mode_matches_torch(name, seed)
    test_forward_mode_matches_torch(name, seed)
