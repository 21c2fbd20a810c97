"""The primitive battery: every differentiable operation with its PyTorch twin.

Each case draws random inputs of random broadcast-compatible shapes and returns
``(args, ours, theirs)``: the float64 arrays and two functions of them, one
written with mmlkit.autodiff and one with torch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

import mmlkit.autodiff as ad


def _shape(rng: np.random.Generator, lo: int = 0, hi: int = 3) -> tuple[int, ...]:
    return tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(lo, hi + 1))))


def _broadcast_pair(rng: np.random.Generator) -> tuple[tuple, tuple]:
    """Two shapes that broadcast together: dims dropped from the front or set to 1."""
    base = _shape(rng, 0, 3)

    def derive() -> tuple:
        s = list(base[int(rng.integers(0, len(base) + 1)):])
        return tuple(1 if rng.random() < 0.3 else n for n in s)

    return derive(), derive()


def _any(rng, shape):
    return rng.standard_normal(shape)


def _pos(rng, shape):
    return rng.uniform(0.5, 2.0, shape)


def _away(rng, shape):
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 2.0, shape)


def _small(rng, shape):
    return rng.uniform(-1.0, 1.0, shape)


UNARY: dict[str, tuple[Callable, Callable, Callable]] = {
    "exp": (ad.exp, torch.exp, _any),
    "log": (ad.log, torch.log, _pos),
    "log1p": (ad.log1p, torch.log1p, _pos),
    "sqrt": (ad.sqrt, torch.sqrt, _pos),
    "sin": (ad.sin, torch.sin, _any),
    "cos": (ad.cos, torch.cos, _any),
    "tan": (ad.tan, torch.tan, _small),
    "tanh": (ad.tanh, torch.tanh, _any),
    "sigmoid": (ad.sigmoid, torch.sigmoid, _any),
    "relu": (ad.relu, torch.relu, _away),
    "softplus": (ad.softplus, torch.nn.functional.softplus, _any),
    "clip": (lambda x: ad.clip(x, -0.5, 0.5), lambda x: torch.clamp(x, -0.5, 0.5), _any),
    "abs": (ad.abs, torch.abs, _away),
    "neg": (ad.neg, torch.neg, _any),
    "square": (ad.square, torch.square, _any),
    "neg-op": (lambda x: -x, lambda x: -x, _any),
}

BINARY: dict[str, tuple[Callable, Callable, Callable, Callable]] = {
    "add": (ad.add, torch.add, _any, _any),
    "sub": (ad.sub, torch.sub, _any, _any),
    "mul": (ad.mul, torch.mul, _any, _any),
    "div": (ad.div, torch.div, _any, _away),
    "pow": (ad.pow, torch.pow, _pos, _any),
    "maximum": (ad.maximum, torch.maximum, _any, _any),
    "minimum": (ad.minimum, torch.minimum, _any, _any),
    "op+": (lambda x, y: x + y, lambda x, y: x + y, _any, _any),
    "op-": (lambda x, y: x - y, lambda x, y: x - y, _any, _any),
    "op*": (lambda x, y: x * y, lambda x, y: x * y, _any, _any),
    "op/": (lambda x, y: x / y, lambda x, y: x / y, _any, _away),
    "op**": (lambda x, y: x ** y, lambda x, y: x ** y, _pos, _any),
}


def _reduction(name: str) -> Callable:
    ours = {"sum": ad.sum, "mean": ad.mean, "max": ad.max, "min": ad.min,
            "logsumexp": ad.logsumexp, "var": lambda x, a, k: ad.var(x, a, 1, k),
            "std": lambda x, a, k: ad.std(x, a, 0, k)}[name]

    def theirs(x, axis, keepdims):
        dims = tuple(range(x.ndim)) if axis is None else axis
        if name == "sum":
            return torch.sum(x, dim=dims, keepdim=keepdims)
        if name == "mean":
            return torch.mean(x, dim=dims, keepdim=keepdims)
        if name == "logsumexp":
            return torch.logsumexp(x, dim=dims, keepdim=keepdims)
        if name == "var":
            return torch.var(x, dim=dims, correction=1, keepdim=keepdims)
        if name == "std":
            return torch.std(x, dim=dims, correction=0, keepdim=keepdims)
        op = torch.amax if name == "max" else torch.amin
        return op(x, dim=dims, keepdim=keepdims)

    def build(rng):
        shape = _shape(rng, 1, 3)
        if name in ("var", "std"):  # at least 2 values along the reduced axes
            shape = tuple(n + 1 for n in shape)
        axis = None
        if rng.random() < 0.7:
            k = int(rng.integers(1, len(shape) + 1))
            axis = tuple(sorted(int(a) for a in rng.choice(len(shape), k, replace=False)))
        keep = bool(rng.random() < 0.5)
        return ([_any(rng, shape)], lambda x: ours(x, axis, keep),
                lambda x: theirs(x, axis, keep))

    return build


def _matmul(rng):
    n, k, m = (int(v) for v in rng.integers(1, 5, 3))
    kind = int(rng.integers(0, 5))
    batch = tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(0, 3))))
    shapes = [((n, k), (k, m)), ((k,), (k, m)), ((n, k), (k,)), ((k,), (k,)),
              (batch + (n, k), (k, m))][kind]
    if kind == 4 and rng.random() < 0.5:
        shapes = ((n, k), batch + (k, m))
    args = [_any(rng, s) for s in shapes]
    return args, lambda a, b: a @ b, lambda a, b: a @ b


def _matmul_fn(rng):
    n, k, m = (int(v) for v in rng.integers(1, 5, 3))
    return [_any(rng, (n, k)), _any(rng, (k, m))], ad.matmul, torch.matmul


def _linear(rng):
    n, i, o = (int(v) for v in rng.integers(1, 6, 3))
    shape = (n, i) if rng.random() < 0.7 else (i,)
    return ([_any(rng, shape), _any(rng, (i, o)), _any(rng, (o,))], ad.linear,
            lambda x, W, b: x @ W + b)


def _softmax(name):
    ours = {"softmax": ad.softmax, "log_softmax": ad.log_softmax}[name]
    theirs = {"softmax": torch.softmax, "log_softmax": torch.log_softmax}[name]

    def build(rng):
        shape = _shape(rng, 1, 3)
        axis = int(rng.integers(-len(shape), len(shape)))
        return [_any(rng, shape)], lambda x: ours(x, axis), lambda x: theirs(x, axis)

    return build


def _cross_entropy(rng):
    n, c = (int(v) for v in rng.integers(1, 6, 2))
    labels = rng.integers(0, c, n)
    return ([3 * _any(rng, (n, c))], lambda z: ad.cross_entropy(z, labels),
            lambda z: torch.nn.functional.cross_entropy(z, torch.as_tensor(labels)))


def _reshape(rng):
    shape = _shape(rng, 1, 3)
    size = int(np.prod(shape))
    new = (size,) if rng.random() < 0.5 else (-1, shape[-1])
    return ([_any(rng, shape)], lambda x: ad.reshape(x, new),
            lambda x: torch.reshape(x, new))


def _transpose(rng):
    shape = _shape(rng, 1, 4)
    perm = tuple(int(p) for p in rng.permutation(len(shape)))
    return ([_any(rng, shape)], lambda x: ad.transpose(x, perm),
            lambda x: torch.permute(x, perm))


def _broadcast_to(rng):
    s1, s2 = _broadcast_pair(rng)
    target = tuple(np.broadcast_shapes(s1, s2))
    return ([_any(rng, s1)], lambda x: ad.broadcast_to(x, target),
            lambda x: torch.broadcast_to(x, target))


def _concatenate(rng):
    shape = list(_shape(rng, 1, 3))
    axis = int(rng.integers(-len(shape), len(shape)))
    shapes = []
    for _ in range(int(rng.integers(1, 4))):
        s = list(shape)
        s[axis] = int(rng.integers(1, 4))
        shapes.append(tuple(s))
    args = [_any(rng, s) for s in shapes]
    return (args, lambda *xs: ad.concatenate(xs, axis=axis),
            lambda *xs: torch.cat(xs, dim=axis))


def _stack(rng):
    shape = _shape(rng, 0, 2)
    count = int(rng.integers(1, 4))
    axis = int(rng.integers(-len(shape) - 1, len(shape) + 1))
    args = [_any(rng, shape) for _ in range(count)]
    return args, lambda *xs: ad.stack(xs, axis=axis), lambda *xs: torch.stack(xs, dim=axis)


def _where(rng):
    s1, s2 = _broadcast_pair(rng)
    cond = rng.random(np.broadcast_shapes(s1, s2)) < 0.5
    return ([_any(rng, s1), _any(rng, s2)], lambda x, y: ad.where(cond, x, y),
            lambda x, y: torch.where(torch.as_tensor(cond), x, y))


def _getitem(rng):
    shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)), 3)
    kind = int(rng.integers(0, 4))
    idx = [
        (slice(0, None, 2), 1),
        (Ellipsis, 2),
        (np.array([0, 1, 0, 1]),),   # repeated rows: gradients add up
        (slice(None), np.array([1, 0, 1])),
    ][kind]
    tidx = tuple(torch.as_tensor(i) if isinstance(i, np.ndarray) else i for i in idx)
    return [_any(rng, shape)], lambda x: x[idx], lambda x: x[tidx]


def _unary_case(name):
    ours, theirs, draw = UNARY[name]

    def build(rng):
        return [draw(rng, _shape(rng, 0, 3))], ours, theirs

    return build


def _binary_case(name):
    ours, theirs, dx, dy = BINARY[name]

    def build(rng):
        s1, s2 = _broadcast_pair(rng)
        return [dx(rng, s1), dy(rng, s2)], ours, theirs

    return build


CASES: dict[str, Callable] = {
    **{f"unary-{n}": _unary_case(n) for n in UNARY},
    **{f"binary-{n}": _binary_case(n) for n in BINARY},
    **{f"reduce-{n}": _reduction(n)
       for n in ("sum", "mean", "max", "min", "logsumexp", "var", "std")},
    "softmax": _softmax("softmax"),
    "log_softmax": _softmax("log_softmax"),
    "matmul-op": _matmul,
    "matmul": _matmul_fn,
    "linear": _linear,
    "cross_entropy": _cross_entropy,
    "reshape": _reshape,
    "transpose": _transpose,
    "broadcast_to": _broadcast_to,
    "concatenate": _concatenate,
    "stack": _stack,
    "where": _where,
    "getitem": _getitem,
}
