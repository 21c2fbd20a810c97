"""Gradient checking by finite differences along random directions.

Reverse and forward mode are compared with central differences
(``(f(x + eps v) - f(x - eps v)) / (2 eps)``, MML §5.1, eq. (5.7)), and with
``order=2`` the derivative functions themselves are checked the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._validation import as_float_array, check_positive_int, check_random_state
from ..errors import InputValueError
from .functional import jvp, vjp
from .tensor import _raw

__all__ = ["check_grads"]


def _plain(y: Any) -> np.ndarray:
    return np.asarray(_raw(y), dtype=np.float64)


def _shift(args: list, i: int, step: np.ndarray) -> list:
    out = list(args)
    out[i] = args[i] + step
    return out


def _numeric(f: Callable, args: list, i: int, v: np.ndarray, eps: float) -> np.ndarray:
    """Central difference of ``f`` along direction ``v`` in argument ``i``."""
    hi = _plain(f(*_shift(args, i, eps * v)))
    lo = _plain(f(*_shift(args, i, -eps * v)))
    return (hi - lo) / (2 * eps)


def _fail(mode: str, i: int, index: Any, expected: float, got: float, depth: int) -> None:
    what = "derivative" if depth == 0 else f"derivative of order {depth + 1}"
    raise AssertionError(
        f"check_grads: {mode} mode {what} is wrong for argument {i} at index {index}: "
        f"expected {expected:.10g} (finite differences), got {got:.10g}")


def _compare(mode: str, i: int, num: np.ndarray, ana: np.ndarray, tol: tuple,
             depth: int) -> None:
    num, ana = np.broadcast_arrays(np.asarray(num, float), np.asarray(ana, float))
    err = np.abs(num - ana) - (tol[0] + tol[1] * np.abs(num))
    if err.size and (np.nanmax(err) > 0 or np.isnan(err).any()):
        k = int(np.nanargmax(np.where(np.isnan(err), np.inf, err)))
        index = np.unravel_index(k, num.shape) if num.ndim else ()
        _fail(mode, i, tuple(int(j) for j in index), float(num.flat[k]), float(ana.flat[k]),
              depth)


def _locate(f: Callable, args: list, i: int, eps: float, tol: tuple, depth: int) -> None:
    """After a failed directional check, find the wrong partial derivative.

    Compares the whole Jacobian with respect to argument ``i`` (reverse mode,
    one pass per output entry) with finite differences; the reported index is
    the output index followed by the index into argument ``i``.
    """
    x = args[i]
    out = _plain(f(*args))
    num = np.stack([_numeric(f, args, i, e.reshape(x.shape), eps)
                    for e in np.eye(x.size)], axis=-1).reshape(out.shape + x.shape)
    _, pullback = vjp(lambda xi: f(*_shift_to(args, i, xi)), x)
    rows = []
    for e in np.eye(out.size):
        rows.append(_plain(pullback(e.reshape(out.shape))[0]))
    got = np.stack(rows).reshape(out.shape + x.shape)
    _compare("reverse", i, num, got, tol, depth)


def _check_once(f: Callable, args: list, modes: Sequence[str], rng: np.random.Generator,
                eps: float, tol: tuple, depth: int) -> list[Callable]:
    """Check first derivatives; return the derivative functions to check next."""
    out = _plain(f(*args))
    nexts: list[Callable] = []
    for i, x in enumerate(args):
        v = rng.standard_normal(x.shape)
        num = _numeric(f, args, i, v, eps)
        if "fwd" in modes:
            def fwd(*a: Any, _i: int = i, _v: np.ndarray = v) -> Any:
                return jvp(lambda xi: f(*_shift_to(a, _i, xi)), (a[_i],), (_v,))[1]
            _compare("forward", i, num, _plain(fwd(*args)), tol, depth)
            nexts.append(fwd)
        if "rev" in modes:
            u = rng.standard_normal(out.shape)

            def rev(*a: Any, _i: int = i, _u: np.ndarray = u) -> Any:
                return vjp(lambda xi: f(*_shift_to(a, _i, xi)), a[_i])[1](_u)[0]
            got = _plain(rev(*args))
            lhs, rhs = float(np.sum(u * num)), float(np.sum(got * v))
            if abs(lhs - rhs) > tol[0] * (1 + np.abs(v).sum()) + tol[1] * abs(lhs):
                _locate(f, args, i, eps, tol, depth)
                _fail("reverse", i, "(direction)", lhs, rhs, depth)
            nexts.append(rev)
    return nexts


def _shift_to(args: Sequence[Any], i: int, xi: Any) -> list:
    out = list(args)
    out[i] = xi
    return out


def check_grads(f: Callable[..., Any], *args: Any, order: int = 2,
                modes: Sequence[str] = ("fwd", "rev"), eps: float = 1e-6,
                atol: float = 1e-5, rtol: float = 1e-4, random_state: Any = 0) -> None:
    """Check forward- and reverse-mode derivatives of ``f`` against finite differences.

    Each argument is perturbed along a random direction ``v``; forward mode must
    match the central difference (MML eq. (5.7)) and reverse mode must satisfy
    ``u^T (J v) = (u^T J) v`` for a random ``u``. With ``order=2`` the
    derivative functions are checked again, which tests second derivatives.

    Parameters
    ----------
    f : callable
        Function of array arguments written with :mod:`mmlkit.autodiff`.
    *args : array_like
        The point; computed in float64.
    order : int, default 2
    modes : sequence of {"fwd", "rev"}
    eps, atol, rtol : float
        Step of the central difference and the tolerances.
    random_state : None, int or numpy.random.Generator

    Raises
    ------
    AssertionError
        Naming the mode, the argument, the index, the expected and the computed value.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import check_grads, sin, sum
    >>> check_grads(lambda x: sum(sin(x) * x), np.array([0.5, 1.0, 2.0]))
    """
    order = check_positive_int(order, "order")
    bad = set(modes) - {"fwd", "rev"}
    if bad or not modes:
        raise InputValueError(f"check_grads: modes must be a subset of ('fwd', 'rev'), got {modes}")
    rng = check_random_state(random_state)
    xs = [as_float_array(a, f"argument {i}").astype(np.float64) for i, a in enumerate(args)]
    funcs = [f]
    for depth in range(order):
        nexts: list[Callable] = []
        for g in funcs:
            nexts.extend(_check_once(g, xs, modes, rng, eps, (atol, rtol), depth))
        funcs = nexts
