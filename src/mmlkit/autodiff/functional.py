"""Function transforms: derivatives of plain Python functions (MML §5.2–5.7).

Each transform takes a function written with :mod:`mmlkit.autodiff` operations
and Python operators and returns a new function. Arguments may be Python
numbers, array-likes or ndarrays; results are ndarrays (a Python ``float``
where the differentiated argument was a Python number). Transforms nest:
``grad(grad(f))`` is the second derivative, ``hessian`` is forward mode over
reverse mode.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._validation import as_float_array
from ..errors import InputTypeError, InputValueError, ShapeError
from . import rules as R
from .tensor import Dual, Tensor, _const, _own, _raw, _shape_of, backprop, new_level, toposort

__all__ = ["grad", "value_and_grad", "jacobian", "jacfwd", "hessian", "hvp", "jvp", "vjp"]


# ------------------------------------------------------------------ helpers

def _prep(x: Any, name: str) -> Any:
    """A differentiable argument: a tensor of an enclosing transform, or a float array."""
    if isinstance(x, Tensor):
        return x if x._level >= 0 else x.data
    return as_float_array(x, name, finite=False)


def _leaf(value: Any, level: int) -> Tensor:
    t = _const(value)
    t._level = level
    return t


def _is_py_scalar(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.ndarray))


def _finish(v: Any, scalar: bool, handed: set[int] | None = None) -> Any:
    """Hand a result back: tensors of enclosing transforms stay tensors."""
    if isinstance(v, Tensor):
        return v if v._level >= 0 else v.data
    v = _own(np.asarray(v), set() if handed is None else handed)
    return float(v) if scalar else v


def _argnums(argnums: int | Sequence[int], nargs: int) -> tuple[tuple[int, ...], bool]:
    single = isinstance(argnums, (int, np.integer))
    nums = (int(argnums),) if single else tuple(int(a) for a in argnums)
    for a in nums:
        if not -nargs <= a < nargs:
            raise InputValueError(f"argnums: argument {a} does not exist; the function "
                                  f"was called with {nargs} positional argument(s)")
    return tuple(a % nargs for a in nums), single


def _check_f(f: Any, who: str) -> None:
    if not callable(f):
        raise InputTypeError(f"{who}: expected a function, got {type(f).__name__}")


def _output_check(out: Any, who: str) -> None:
    if isinstance(out, Tensor) or isinstance(out, (numbers.Real, np.ndarray, np.generic)):
        return
    raise InputTypeError(f"{who}: the function must return a number or a tensor, "
                         f"got {type(out).__name__}")


def _zeros_like(x: Any) -> np.ndarray:
    r = np.asarray(_raw(x))
    return np.zeros(r.shape, dtype=r.dtype)


def _boxed_args(args: tuple, nums: tuple[int, ...], level: int,
                make: Callable[[Any, int], Tensor]) -> tuple[list, list]:
    args = list(args)
    boxes = []
    for i in nums:
        box = make(_prep(args[i], f"argument {i}"), i)
        args[i] = box
        boxes.append(box)
    return args, boxes


# ----------------------------------------------------------------- reverse

def _scalar_backward(out: Any, leaves: list, level: int) -> tuple[Any, list]:
    """Value of a scalar output and the cotangents of ``leaves`` (zeros where unreached)."""
    if np.size(_raw(out)) != 1:
        raise ShapeError(f"grad: the function must return a scalar, got shape "
                         f"{_shape_of(out)}; use jacobian(f) for vector-valued functions")
    if isinstance(out, Tensor) and out._level == level:
        value = out._value
        found = backprop(toposort(out), np.ones_like(np.asarray(_raw(value))))
        grads = [found.get(id(leaf)) for leaf in leaves]
    else:
        value = out._value if isinstance(out, Tensor) else out
        grads = [None] * len(leaves)
    grads = [_zeros_like(leaf) if g is None else g for g, leaf in zip(grads, leaves, strict=True)]
    if isinstance(value, Tensor):
        value = value if value._level >= 0 else value.data
    else:
        value = float(np.asarray(value).reshape(()))
    return value, grads


def value_and_grad(f: Callable[..., Any], argnums: int | Sequence[int] = 0
                   ) -> Callable[..., tuple[Any, Any]]:
    """Function computing both ``f(*args)`` and its gradient (reverse mode).

    Parameters
    ----------
    f : callable
        Returns a scalar (a tensor with one element, or a number).
    argnums : int or sequence of int, default 0
        Which positional argument(s) to differentiate; with a sequence the
        gradient is a tuple.

    Returns
    -------
    callable
        ``(*args) -> (value, gradient)``; ``value`` is a float.

    Notes
    -----
    .. math:: \\nabla_x f = \\Big(\\frac{\\partial f}{\\partial x_1}, \\ldots,
       \\frac{\\partial f}{\\partial x_D}\\Big)

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import value_and_grad, sum
    >>> value_and_grad(lambda x: sum(x ** 2))(np.array([1.0, 2.0]))
    (5.0, array([2., 4.]))
    """
    _check_f(f, "value_and_grad")

    def vg(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        nums, single = _argnums(argnums, len(args))
        level = new_level()
        scalars = [_is_py_scalar(args[i]) for i in nums]
        boxed, leaves = _boxed_args(args, nums, level, lambda v, i: _leaf(v, level))
        out = f(*boxed, **kwargs)
        _output_check(out, "grad")
        value, grads = _scalar_backward(out, leaves, level)
        handed: set[int] = set()
        grads = tuple(_finish(g, s, handed) for g, s in zip(grads, scalars, strict=True))
        return value, grads[0] if single else grads

    return vg


def grad(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """Gradient of a scalar function (reverse mode, backpropagation; MML §5.6).

    Parameters
    ----------
    f : callable
        Written with :mod:`mmlkit.autodiff` functions and Python operators; returns
        a scalar.
    argnums : int or sequence of int, default 0

    Returns
    -------
    callable
        Returns an ndarray shaped like the argument (a float for a Python number).

    Notes
    -----
    .. math:: \\frac{df}{dx} = \\frac{\\partial f}{\\partial y}\\frac{\\partial y}{\\partial x}
       \\quad \\text{(chain rule, MML eq. (5.48))}

    Examples
    --------
    >>> from mmlkit.autodiff import grad, sin
    >>> f = lambda x: x ** 2 * sin(x)
    >>> round(grad(f)(1.0), 6)
    2.223244
    >>> round(grad(grad(f))(1.0), 6)  # 2 sin 1 + 4 cos 1 - sin 1
    3.00268
    """
    _check_f(f, "grad")
    vg = value_and_grad(f, argnums)

    def g(*args: Any, **kwargs: Any) -> Any:
        return vg(*args, **kwargs)[1]

    return g


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple]]:
    """Value of ``f(*primals)`` and the function ``u -> u^T J`` (reverse mode).

    The recorded graph is reused for every call of the returned function.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import vjp
    >>> out, pullback = vjp(lambda x: x * x, np.array([1.0, 3.0]))
    >>> pullback(np.array([1.0, 1.0]))
    (array([2., 6.]),)
    """
    _check_f(f, "vjp")
    level = new_level()
    nums = tuple(range(len(primals)))
    boxed, leaves = _boxed_args(primals, nums, level, lambda v, i: _leaf(v, level))
    out = f(*boxed)
    _output_check(out, "vjp")
    live = isinstance(out, Tensor) and out._level == level
    order = toposort(out) if live else []
    value = out._value if isinstance(out, Tensor) else out
    shape = tuple(_shape_of(out))

    def pullback(cotangent: Any) -> tuple:
        ct = cotangent if isinstance(cotangent, Tensor) else np.asarray(cotangent)
        if tuple(_shape_of(ct)) != shape:
            raise ShapeError(f"vjp: cotangent of shape {_shape_of(ct)} does not match "
                             f"the output shape {shape}")
        if isinstance(ct, np.ndarray):
            ct = ct.astype(np.asarray(_raw(value)).dtype, copy=False)
        found = backprop(order, ct) if live else {}
        handed: set[int] = set()
        return tuple(_finish(found[id(leaf)] if id(leaf) in found else _zeros_like(leaf),
                             False, handed) for leaf in leaves)

    return _finish(value, False), pullback


def _pullback_rows(order: list, leaves: list, oshape: tuple, dtype: Any,
                   rows: range) -> list:
    """Rows ``rows`` of the Jacobian, for every leaf, from ONE backward pass.

    The pullback ``u -> u^T J`` is linear in ``u``, so pushing a batch of basis
    cotangents through it as dual numbers (forward mode over the reverse pass)
    yields those rows of ``J`` at once: the backward pass runs on arrays with an
    extra leading axis instead of once per row.
    """
    k = len(rows)
    eye = np.zeros((k,) + tuple(oshape), dtype=dtype)
    eye.reshape(k, -1)[np.arange(k), np.asarray(rows)] = 1
    seed = Dual._make(np.zeros(oshape, dtype=dtype), new_level(), eye)
    found = backprop(order, seed)
    out = []
    for leaf in leaves:
        g = found.get(id(leaf))
        if isinstance(g, Dual) and g._level == seed._level:
            out.append(g._tangent)
        else:  # no path from the output to this leaf
            out.append(np.zeros((k,) + tuple(leaf.shape), dtype=dtype))
    return out


def _jacobian_blocks(order: list, leaves: list, oshape: tuple, dtype: Any) -> list:
    m = int(np.prod(oshape, dtype=np.int64))
    if m == 0:
        return [np.zeros((0,) + tuple(leaf.shape), dtype) for leaf in leaves]
    widest = max((int(np.size(_raw(n._value))) for n in order), default=1)
    step = int(max(1, min(m, 2 ** 22 // max(widest, 1))))  # bound the batch's memory
    blocks: list[list] = [[] for _ in leaves]
    for start in range(0, m, step):
        part = _pullback_rows(order, leaves, oshape, dtype, range(start, min(m, start + step)))
        for j, p in enumerate(part):
            blocks[j].append(p)
    return [b[0] if len(b) == 1 else _concat_rows(b) for b in blocks]


def _concat_rows(parts: list) -> Any:
    if all(not isinstance(p, Tensor) for p in parts):
        return np.concatenate(parts, axis=0)
    return R.concatenate_(parts, -len(_shape_of(parts[0])))


def jacobian(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """Jacobian by reverse mode (MML §5.3), all output rows in one backward pass.

    The basis cotangents travel through the backward pass together, as dual
    numbers with a leading batch axis (see :func:`vjp` for one row at a time).
    Returns an ndarray of shape ``out.shape + x.shape``.

    .. math:: J_{ij} = \\frac{\\partial f_i}{\\partial x_j}

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import jacobian
    >>> jacobian(lambda x: x ** 2)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    """
    _check_f(f, "jacobian")

    def jac(*args: Any, **kwargs: Any) -> Any:
        nums, single = _argnums(argnums, len(args))
        level = new_level()
        boxed, leaves = _boxed_args(args, nums, level, lambda v, i: _leaf(v, level))
        out = f(*boxed, **kwargs)
        _output_check(out, "jacobian")
        oshape = tuple(_shape_of(out))
        dtype = np.asarray(_raw(out)).dtype
        if isinstance(out, Tensor) and out._level == level:
            rows = _jacobian_blocks(toposort(out), leaves, oshape, dtype)
        else:
            rows = [np.zeros((int(np.prod(oshape)),) + leaf.shape, dtype) for leaf in leaves]
        jacs = tuple(_finish(R.reshape_(r, oshape + leaf.shape), False)
                     for r, leaf in zip(rows, leaves, strict=True))
        return jacs[0] if single else jacs

    return jac


# ----------------------------------------------------------------- forward

def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]
        ) -> tuple[Any, Any]:
    """Value and directional derivative ``J v`` in one forward pass (dual numbers).

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import jvp, sin
    >>> out, tangent = jvp(sin, (np.array(0.0),), (np.array(2.0),))
    >>> float(tangent)
    2.0
    """
    _check_f(f, "jvp")
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise InputTypeError("jvp: primals and tangents must be tuples (one entry per argument)")
    if len(primals) != len(tangents):
        raise InputValueError(f"jvp: got {len(primals)} primal(s) but {len(tangents)} tangent(s)")
    level = new_level()
    duals = []
    for i, (p, t) in enumerate(zip(primals, tangents, strict=True)):
        v = _prep(p, f"primal {i}")
        tv = t if isinstance(t, Tensor) else np.asarray(
            as_float_array(t, f"tangent {i}", finite=False), dtype=np.asarray(_raw(v)).dtype)
        if tuple(_shape_of(tv)) != tuple(_shape_of(v)):
            raise ShapeError(f"jvp: tangent {i} has shape {_shape_of(tv)} but primal {i} "
                             f"has shape {_shape_of(v)}")
        duals.append(Dual._make(v, level, tv))
    out = f(*duals)
    _output_check(out, "jvp")
    if isinstance(out, Dual) and out._level == level:
        return _finish(out._value, False), _finish(out._tangent, False)
    value = out._value if isinstance(out, Tensor) else out
    return _finish(value, False), _zeros_like(value)


def _push_directions(f: Callable, args: tuple, kwargs: dict, i: int, x: Any,
                     rows: range) -> tuple[Any, tuple, Any]:
    """Forward mode along the basis directions ``rows`` of argument ``i`` in one pass.

    Returns the output tangent (leading axis: one entry per direction; None if
    the output does not depend on the argument), the output shape and dtype.
    """
    xr = np.asarray(_raw(x))
    seed = np.zeros((len(rows), xr.size), dtype=xr.dtype)
    seed[np.arange(len(rows)), np.asarray(rows, dtype=np.intp)] = 1
    args = list(args)
    level = new_level()
    args[i] = Dual._make(x, level, seed.reshape((len(rows),) + xr.shape))
    out = f(*args, **kwargs)
    _output_check(out, "jacfwd")
    oshape = tuple(_shape_of(out))
    dtype = np.asarray(_raw(out)).dtype
    if not (isinstance(out, Dual) and out._level == level):
        return None, oshape, dtype
    return out._tangent, oshape, dtype


def jacfwd(f: Callable[..., Any], argnums: int = 0) -> Callable[..., Any]:
    """Jacobian by forward mode: all basis directions pushed through in one pass.

    The tangent carries a leading axis of length ``x.size`` (one dual number per
    input direction), so the cost is one evaluation of ``f`` on wider arrays.
    Returns an ndarray of shape ``out.shape + x.shape``.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import jacfwd, sum
    >>> jacfwd(lambda x: x * sum(x))(np.array([1.0, 2.0]))
    array([[4., 1.],
           [2., 5.]])
    """
    _check_f(f, "jacfwd")

    if not isinstance(argnums, (int, np.integer)):
        raise InputTypeError(f"jacfwd/hessian: argnums must be one int, got {argnums!r}; "
                             "differentiate one argument at a time")

    def jac(*args: Any, **kwargs: Any) -> Any:
        (i,), _ = _argnums(argnums, len(args))
        x = _prep(args[i], f"argument {i}")
        xr = np.asarray(_raw(x))
        n = xr.size
        step = max(1, min(n, 2 ** 22 // max(n, 1)))  # bound the tangents' memory
        parts, oshape, dtype = [], (), xr.dtype
        for start in range(0, max(n, 1), step):
            t, oshape, dtype = _push_directions(f, args, kwargs, i, x,
                                                range(start, min(n, start + step)))
            parts.append(t)
        m = int(np.prod(oshape, dtype=np.int64))
        if all(p is None for p in parts):
            return np.zeros(oshape + xr.shape, dtype=dtype)
        parts = [np.zeros((len(range(k * step, min(n, (k + 1) * step))),) + oshape, dtype)
                 if p is None else p for k, p in enumerate(parts)]
        t = parts[0] if len(parts) == 1 else _concat_rows(parts)
        t = R.transpose_(R.reshape_(t, (n, m)), (1, 0))
        return _finish(R.reshape_(t, oshape + xr.shape), False)

    return jac


def hessian(f: Callable[..., Any], argnums: int = 0) -> Callable[..., Any]:
    """Hessian of a scalar function: forward mode over reverse mode (MML §5.7).

    Returns an ndarray of shape ``x.shape + x.shape``.

    .. math:: H_{ij} = \\frac{\\partial^2 f}{\\partial x_i \\partial x_j}

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import hessian
    >>> hessian(lambda x: x[0] ** 2 * x[1])(np.array([1.0, 2.0]))
    array([[4., 2.],
           [2., 0.]])
    """
    _check_f(f, "hessian")
    if not isinstance(argnums, (int, np.integer)):
        raise InputTypeError(f"hessian: argnums must be one int, got {argnums!r}")
    return jacfwd(grad(f, argnums), argnums)


def hvp(f: Callable[..., Any], x: Any, v: Any) -> Any:
    """Hessian-vector product ``H v`` without forming the Hessian (forward over reverse).

    .. math:: H v = \\frac{d}{d\\epsilon} \\nabla f(x + \\epsilon v) \\Big|_{\\epsilon=0}

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import hvp, sum
    >>> hvp(lambda x: sum(x ** 3), np.array([1.0, 2.0]), np.array([1.0, 0.0]))
    array([6., 0.])
    """
    _check_f(f, "hvp")
    return jvp(grad(f), (x,), (v,))[1]
