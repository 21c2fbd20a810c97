"""Automatic differentiation: mmlkit.autodiff against PyTorch (eager, CPU) and HIPS autograd.

Both sides do the same work from the same initial weights and data, in the same
dtype: an MLP training step (forward, backward, SGD update) with softmax
cross-entropy, then three calculus workloads (a long scalar chain, a Hessian, a
Jacobian). PyTorch keeps its default thread count (printed in the note), as
NumPy's BLAS keeps its own.

The process runs with :func:`mmlkit.autodiff.reuse_memory` switched on, as a
training loop with mmlkit should: the C allocator then keeps freed array memory
instead of returning it to the OS after every step. The setting is
process-wide, so PyTorch and autograd run under it too.
"""

from __future__ import annotations

from collections.abc import Iterator

import autograd
import autograd.numpy as anp
import numpy as np
import torch
from autograd.scipy.special import logsumexp as ag_logsumexp

import mmlkit.autodiff as ad
from benchmarks._harness import Case

TITLE = "Automatic differentiation (mmlkit.autodiff)"
REUSE = ad.reuse_memory()
LR = 0.01
SIZES = {  # name: (layer widths, batch)
    "tiny 3-16-2 b32": ((3, 16, 2), 32),
    "medium 784-256-10 b128": ((784, 256, 10), 128),
    "large 784-512-512-10 b512": ((784, 512, 512, 10), 512),
}


def _problem(widths: tuple[int, ...], batch: int, dtype: type, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, widths[0])).astype(dtype)
    y = rng.integers(0, widths[-1], batch)
    params = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
        params.append((rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(dtype))
        params.append(np.zeros(n_out, dtype))
    return X, y, params


def _ours_step(X, y, params):
    ps = [ad.Tensor(p, requires_grad=True) for p in params]

    def step() -> None:
        h = X
        for k in range(0, len(ps) - 2, 2):
            h = ad.relu(ad.linear(h, ps[k], ps[k + 1]))
        loss = ad.cross_entropy(ad.linear(h, ps[-2], ps[-1]), y)
        loss.backward()
        for p in ps:  # SGD in place: the gradient arrays are ours to scale
            g = p.grad
            g *= LR
            p.data -= g
            p.grad = None

    return step


def _torch_step(X, y, params):
    ps = [torch.tensor(p, requires_grad=True) for p in params]
    tX, ty = torch.as_tensor(X), torch.as_tensor(y)

    def step() -> None:
        h = tX
        for k in range(0, len(ps) - 2, 2):
            h = torch.relu(torch.addmm(ps[k + 1], h, ps[k]))
        loss = torch.nn.functional.cross_entropy(torch.addmm(ps[-1], h, ps[-2]), ty)
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p.sub_(p.grad, alpha=LR)
                p.grad = None

    return step


def _autograd_step(X, y, params):
    ps = [p.copy() for p in params]
    rows = np.arange(X.shape[0])

    def loss(ps):
        h = X
        for k in range(0, len(ps) - 2, 2):
            h = anp.maximum(anp.dot(h, ps[k]) + ps[k + 1], 0)
        z = anp.dot(h, ps[-2]) + ps[-1]
        return anp.mean(ag_logsumexp(z, axis=1) - z[rows, y])

    g = autograd.grad(loss)

    def step() -> None:
        for p, gp in zip(ps, g(ps), strict=True):
            p -= LR * gp

    return step


def _chain(lib):
    """1000 scalar operations: 250 rounds of (*, +, tanh, sin)."""
    def f(x):
        for _ in range(250):
            x = lib.sin(lib.tanh(x * 1.01 + 0.1))
        return x
    return f


def _hess_fn(lib, A):
    def f(x):
        return (lib.logsumexp(A @ x) + lib.sum(x ** 4) / 4
                + lib.sum(lib.sin(x[1:] * x[:-1])))
    return f


def _jac_fn(lib, A, b):
    def g(x):
        return lib.tanh(A @ x + b) * x + lib.sin(x) ** 2
    return g


class _TorchLib:
    sin, tanh, sum = staticmethod(torch.sin), staticmethod(torch.tanh), staticmethod(torch.sum)

    @staticmethod
    def logsumexp(x):
        return torch.logsumexp(x, 0)


class _AgLib:
    sin, tanh, sum = staticmethod(anp.sin), staticmethod(anp.tanh), staticmethod(anp.sum)
    logsumexp = staticmethod(ag_logsumexp)


def _mlp_cases() -> Iterator[Case]:
    threads = torch.get_num_threads()
    for name, (widths, batch) in SIZES.items():
        for dtype in (np.float32, np.float64):
            X, y, params = _problem(widths, batch, dtype)
            label = f"MLP step {name} {np.dtype(dtype).name}"
            ours = _ours_step(X, y, params)
            yield Case(label, ours, _torch_step(X, y, params), "PyTorch 2.13 eager",
                       target=1.0, note=f"torch threads {threads}; reuse_memory {REUSE}")
            yield Case(label, ours, _autograd_step(X, y, params), "autograd 1.9",
                       target=0.5)


def _calculus_cases() -> Iterator[Case]:
    rng = np.random.default_rng(1)
    t_chain = _chain(torch)

    def torch_chain():
        x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
        t_chain(x).backward()
        return x.grad

    ours_chain = lambda: ad.grad(_chain(ad))(0.5)
    note = "1000 ops on a 0-d float64"
    yield Case("grad of a 1000-op scalar chain", ours_chain, torch_chain,
               "PyTorch 2.13 eager (backward)", target=1.0, note=note)
    yield Case("grad of a 1000-op scalar chain", ours_chain,
               lambda: autograd.grad(_chain(anp))(0.5), "autograd 1.9", target=0.5, note=note)

    A = rng.standard_normal((100, 100)) / 10
    x = rng.standard_normal(100)
    tA, tx = torch.as_tensor(A), torch.as_tensor(x)
    ours_h = lambda: ad.hessian(_hess_fn(ad, A))(x)
    note = "100-D: logsumexp(Ax) + sum x^4/4 + sum sin(x_i x_i+1)"
    yield Case("hessian 100-D", ours_h, lambda: torch.func.hessian(_hess_fn(_TorchLib, tA))(tx),
               "PyTorch torch.func.hessian", target=1.0, note=note)
    yield Case("hessian 100-D", ours_h,
               lambda: torch.autograd.functional.hessian(_hess_fn(_TorchLib, tA), tx),
               "PyTorch autograd.functional.hessian", target=1.0, note=note)
    yield Case("hessian 100-D", ours_h, lambda: autograd.hessian(_hess_fn(_AgLib, A))(x),
               "autograd 1.9", target=0.5, note=note)

    b = rng.standard_normal(100)
    tb = torch.as_tensor(b)
    ours_j = lambda: ad.jacobian(_jac_fn(ad, A, b))(x)
    note = "100 -> 100: tanh(Ax + b) * x + sin(x)^2"
    yield Case("jacobian 100->100", ours_j,
               lambda: torch.func.jacrev(_jac_fn(torch, tA, tb))(tx),
               "PyTorch torch.func.jacrev", target=1.0, note=note)
    yield Case("jacobian 100->100", ours_j,
               lambda: torch.autograd.functional.jacobian(_jac_fn(torch, tA, tb), tx),
               "PyTorch autograd.functional.jacobian", target=1.0, note=note)
    yield Case("jacobian 100->100", ours_j, lambda: autograd.jacobian(_jac_fn(anp, A, b))(x),
               "autograd 1.9", target=0.5, note=note)


def cases() -> Iterator[Case]:
    yield from _mlp_cases()
    yield from _calculus_cases()
