"""Training-loop optimizers: step by step against their published equations and torch.optim."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from mmlkit.errors import InputTypeError, InputValueError, MMLError, ShapeError
from mmlkit.optim import (
    SGD,
    AdaGrad,
    Adam,
    CosineLR,
    ExponentialLR,
    Momentum,
    Nesterov,
    RMSProp,
    StepLR,
    batch_indices,
    minibatches,
)

SHAPES = [(3,), (2, 4), ()]

# ours, torch.optim constructor with the same hyperparameters
REGISTRY = {
    "sgd": (lambda: SGD(lr=0.05),
            lambda ps: torch.optim.SGD(ps, lr=0.05)),
    "momentum": (lambda: Momentum(lr=0.05, beta=0.9),
                 lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    "nesterov": (lambda: Nesterov(lr=0.05, beta=0.8),
                 lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)),
    "adagrad": (lambda: AdaGrad(lr=0.3, eps=1e-10),
                lambda ps: torch.optim.Adagrad(ps, lr=0.3, eps=1e-10)),
    "rmsprop": (lambda: RMSProp(lr=0.01, rho=0.9, eps=1e-8),
                lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8)),
    "adam": (lambda: Adam(lr=0.02, b1=0.85, b2=0.99, eps=1e-8),
             lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.85, 0.99), eps=1e-8)),
    "adam-wd": (lambda: Adam(lr=0.02, weight_decay=0.1),
                lambda ps: torch.optim.Adam(ps, lr=0.02, weight_decay=0.1)),
    "momentum-wd": (lambda: Momentum(lr=0.05, beta=0.5, weight_decay=0.01),
                    lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.5, weight_decay=0.01)),
}


def _run_torch(make, params0, grads_seq):
    ps = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params0]
    opt = make(ps)
    history = []
    for grads in grads_seq:
        for p, g in zip(ps, grads, strict=True):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        history.append([p.detach().numpy().copy() for p in ps])
    return history


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_matches_torch_optim_step_by_step(name):
    ours_make, torch_make = REGISTRY[name]
    rng = np.random.default_rng(7)
    params0 = [rng.standard_normal(s) for s in SHAPES]
    grads_seq = [[rng.standard_normal(s) * 3 for s in SHAPES] for _ in range(25)]
    expected = _run_torch(torch_make, params0, grads_seq)
    params = [np.array(p, dtype=np.float64) for p in params0]
    opt = ours_make()
    for t, grads in enumerate(grads_seq):
        opt.step(params, grads)
        for p, e in zip(params, expected[t], strict=True):
            np.testing.assert_allclose(p, e, rtol=1e-12, atol=1e-13, err_msg=f"step {t + 1}")


def _published(name, theta, grads_seq, hp):
    """The update rules written out from the papers, one step at a time."""
    state = {"v": np.zeros_like(theta), "m": np.zeros_like(theta), "G": np.zeros_like(theta)}
    out = []
    for t, g in enumerate(grads_seq, start=1):
        if name == "momentum":          # heavy ball, MML (7.11): dx = -lr g + beta dx_prev
            state["v"] = -hp["lr"] * g + hp["beta"] * state["v"]
            theta = theta + state["v"]
        elif name == "nesterov":        # Sutskever et al. 2013, eq. (3)-(4) in look-ahead form
            v_prev = state["v"]
            state["v"] = hp["beta"] * v_prev - hp["lr"] * g
            theta = theta - hp["beta"] * v_prev + (1 + hp["beta"]) * state["v"]
        elif name == "adagrad":         # Duchi et al. 2011
            state["G"] = state["G"] + g * g
            theta = theta - hp["lr"] * g / (np.sqrt(state["G"]) + hp["eps"])
        elif name == "rmsprop":         # Tieleman and Hinton 2012
            state["G"] = hp["rho"] * state["G"] + (1 - hp["rho"]) * g * g
            theta = theta - hp["lr"] * g / (np.sqrt(state["G"]) + hp["eps"])
        elif name == "adam":            # Kingma and Ba 2015, Algorithm 1
            state["m"] = hp["b1"] * state["m"] + (1 - hp["b1"]) * g
            state["v"] = hp["b2"] * state["v"] + (1 - hp["b2"]) * g * g
            m_hat = state["m"] / (1 - hp["b1"] ** t)
            v_hat = state["v"] / (1 - hp["b2"] ** t)
            theta = theta - hp["lr"] * m_hat / (np.sqrt(v_hat) + hp["eps"])
        out.append(theta)
    return out


PUBLISHED = {
    "momentum": (Momentum, {"lr": 0.1, "beta": 0.9}),
    "nesterov": (Nesterov, {"lr": 0.1, "beta": 0.9}),
    "adagrad": (AdaGrad, {"lr": 0.5, "eps": 1e-10}),
    "rmsprop": (RMSProp, {"lr": 0.01, "rho": 0.95, "eps": 1e-8}),
    "adam": (Adam, {"lr": 0.001, "b1": 0.9, "b2": 0.999, "eps": 1e-8}),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_matches_published_equations(name):
    cls, hp = PUBLISHED[name]
    rng = np.random.default_rng(1)
    theta0 = rng.standard_normal(5)
    grads_seq = [rng.standard_normal(5) for _ in range(30)]
    expected = _published(name, theta0.copy(), grads_seq, hp)
    theta, opt = theta0.copy(), cls(**hp)
    for t, g in enumerate(grads_seq):
        opt.step([theta], [g])
        np.testing.assert_allclose(theta, expected[t], rtol=1e-12, atol=1e-14)


def test_sgd_is_plain_gradient_step_and_keeps_identity():
    p = np.array([1.0, -2.0, 3.0])
    same = p
    SGD(lr=0.5).step([p], [np.array([2.0, 2.0, -2.0])])
    assert same is p                              # in place
    np.testing.assert_array_equal(p, [0.0, -3.0, 4.0])


def test_adam_first_step_is_lr_times_sign():
    # bias correction makes m_hat = g and v_hat = g^2 at t = 1 (Kingma and Ba, section 3)
    g = np.array([1e-3, -50.0, 7.0])
    p = np.zeros(3)
    Adam(lr=0.01, eps=0.0).step([p], [g])
    np.testing.assert_allclose(p, -0.01 * np.sign(g), rtol=1e-14)


def test_float32_params_stay_float32():
    p = np.ones(3, dtype=np.float32)
    Adam(lr=0.1).step([p], [np.ones(3)])
    assert p.dtype == np.float32
    np.testing.assert_allclose(p, 0.9, rtol=1e-6)


def test_grads_not_mutated():
    g = np.array([1.0, 2.0])
    keep = g.copy()
    opt = Momentum(lr=0.1, beta=0.9, weight_decay=0.5)
    p = np.zeros(2)
    opt.step([p], [g])
    opt.step([p], [g])
    np.testing.assert_array_equal(g, keep)


@pytest.mark.parametrize("sched, torch_sched", [
    (lambda: StepLR(0.5, step_size=3, gamma=0.5),
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    (lambda: ExponentialLR(0.5, gamma=0.9),
     lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
    (lambda: CosineLR(0.5, t_max=10, lr_min=0.01),
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.01)),
])
def test_schedules_match_torch(sched, torch_sched):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
    ts = torch_sched(opt)
    expected = []
    for _ in range(11):
        expected.append(opt.param_groups[0]["lr"])
        opt.step()
        ts.step()
    np.testing.assert_allclose(sched().values(11), expected, rtol=1e-12)


def test_schedule_drives_optimizer_like_torch():
    rng = np.random.default_rng(3)
    p0 = rng.standard_normal(4)
    grads = [rng.standard_normal(4) for _ in range(12)]
    tp = torch.tensor(p0, requires_grad=True)
    topt = torch.optim.SGD([tp], lr=0.2, momentum=0.9)
    tsched = torch.optim.lr_scheduler.StepLR(topt, step_size=4, gamma=0.1)
    p, opt = p0.copy(), Momentum(StepLR(0.2, step_size=4, gamma=0.1), beta=0.9)
    for g in grads:
        tp.grad = torch.tensor(g)
        topt.step()
        tsched.step()
        opt.step([p], [g])
    np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12)


def test_cosine_holds_minimum_after_t_max():
    s = CosineLR(1.0, t_max=4, lr_min=0.1)
    assert s(4) == pytest.approx(0.1) and s(100) == pytest.approx(0.1)
    assert s(2) == pytest.approx(0.1 + 0.45 * (1 + math.cos(math.pi / 2)))


def test_minibatches_cover_each_row_once_and_are_deterministic():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    a = list(minibatches(X, y, batch_size=3, random_state=0))
    b = list(minibatches(X, y, batch_size=3, random_state=0))
    assert [len(yb) for _, yb in a] == [3, 3, 3, 1]
    for (xa, ya), (xb, yb) in zip(a, b, strict=True):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
        np.testing.assert_array_equal(xa[:, 0] // 2, ya)      # rows stay paired
    assert sorted(np.concatenate([yb for _, yb in a]).tolist()) == list(range(10))
    # the order is the permutation drawn from the same generator
    expected = np.random.default_rng(0).permutation(10)
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in a]), expected)
    c = np.concatenate([yb for _, yb in minibatches(X, y, batch_size=3, random_state=1)])
    assert not np.array_equal(c, expected)


def test_minibatches_drop_last_and_no_shuffle():
    assert [b.tolist() for b in batch_indices(7, 3, shuffle=False)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert len(batch_indices(7, 3, drop_last=True, random_state=0)) == 2
    assert batch_indices(0, 3) == []


def test_minibatches_do_not_touch_global_rng():
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    list(minibatches(np.arange(5), batch_size=2))
    assert np.random.random() == before


@pytest.mark.parametrize("bad, err", [
    (lambda: SGD(lr=-1.0), InputValueError),
    (lambda: SGD(lr=float("nan")), InputValueError),
    (lambda: SGD(lr="0.1"), InputTypeError),
    (lambda: Momentum(lr=0.1, beta=1.0), InputValueError),
    (lambda: Adam(b2=1.5), InputValueError),
    (lambda: RMSProp(rho=-0.1), InputValueError),
    (lambda: StepLR(0.1, step_size=0), InputValueError),
    (lambda: CosineLR(0.1, t_max=5, lr_min=0.2), InputValueError),
    (lambda: list(minibatches(np.ones(3), np.ones(4))), ShapeError),
    (lambda: list(minibatches(np.ones(3), batch_size=0)), InputValueError),
    (lambda: list(minibatches()), InputValueError),
])
def test_bad_hyperparameters(bad, err):
    with pytest.raises(err):
        bad()


def test_step_validates_params_and_grads():
    opt = SGD(lr=0.1)
    with pytest.raises(ShapeError, match="grads\\[0\\] has shape"):
        opt.step([np.zeros(3)], [np.zeros(2)])
    with pytest.raises(ShapeError, match="1 params but 2 grads"):
        opt.step([np.zeros(3)], [np.zeros(3), np.zeros(3)])
    with pytest.raises(InputTypeError, match="float ndarray"):
        opt.step([[0.0, 1.0]], [np.zeros(2)])
    with pytest.raises(InputTypeError, match="float ndarray"):
        opt.step([np.zeros(2, dtype=int)], [np.zeros(2)])
    with pytest.raises(InputValueError, match="NaN"):
        opt.step([np.zeros(2)], [np.array([np.nan, 0.0])])
    with pytest.raises(InputTypeError):
        opt.step(np.zeros(2), np.zeros(2))
    adam = Adam()
    adam.step([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ShapeError, match="reset"):
        adam.step([np.zeros(2), np.zeros(2)], [np.ones(2), np.ones(2)])
    adam.reset()
    adam.step([np.zeros(2), np.zeros(2)], [np.ones(2), np.ones(2)])
    assert adam.t == 1


def test_errors_are_mml_errors():
    with pytest.raises(MMLError):
        SGD(lr=0)
