"""Differentiable math on tensors, named as in NumPy.

Each function accepts tensors, ndarrays, nested lists and Python numbers and
returns a :class:`~mmlkit.autodiff.Tensor`. Inside a function transform
(``grad``, ``jacobian``, ...) they are what the transform differentiates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import as_float_array
from ..errors import InputValueError, ShapeError
from . import rules as R
from .tensor import Tensor, _const, _raw, _shape_of, bind

__all__ = [
    "add", "sub", "mul", "div", "pow", "neg", "matmul", "exp", "log", "log1p", "sqrt",
    "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs", "sum", "mean", "max", "min",
    "reshape", "transpose", "broadcast_to", "concatenate", "stack", "where", "logsumexp",
    "softmax", "log_softmax", "cross_entropy", "linear", "maximum", "minimum", "square",
    "dot",
]


def _arg(x: Any, name: str = "x") -> Any:
    """Tensors and numbers pass; arrays and array-likes become float arrays."""
    if isinstance(x, Tensor) or type(x) is float:
        return x
    if type(x) is np.ndarray and x.dtype.kind == "f":
        return x
    if isinstance(x, (int, np.floating)) and not isinstance(x, bool):
        return x
    return as_float_array(x, name, finite=False)


def _t(r: Any) -> Tensor:
    return r if isinstance(r, Tensor) else _const(r)


def add(x: Any, y: Any) -> Tensor:
    """Elementwise ``x + y`` with broadcasting."""
    return _t(bind(R.add_p, (_arg(x), _arg(y, "y"))))


def sub(x: Any, y: Any) -> Tensor:
    """Elementwise ``x - y`` with broadcasting."""
    return _t(bind(R.sub_p, (_arg(x), _arg(y, "y"))))


def mul(x: Any, y: Any) -> Tensor:
    """Elementwise ``x * y`` with broadcasting."""
    return _t(bind(R.mul_p, (_arg(x), _arg(y, "y"))))


def div(x: Any, y: Any) -> Tensor:
    """Elementwise ``x / y`` with broadcasting."""
    return _t(bind(R.div_p, (_arg(x), _arg(y, "y"))))


def pow(x: Any, y: Any) -> Tensor:  # noqa: A001
    """Elementwise power ``x ** y``.

    .. math:: \\frac{\\partial x^y}{\\partial x} = y x^{y-1}, \\quad
       \\frac{\\partial x^y}{\\partial y} = x^y \\log x

    Examples
    --------
    >>> from mmlkit.autodiff import grad, pow
    >>> float(grad(lambda x: pow(x, 3))(2.0))
    12.0
    """
    return _t(bind(R.pow_p, (_arg(x), _arg(y, "y"))))


def square(x: Any) -> Tensor:
    """Elementwise ``x ** 2``."""
    return _t(bind(R.pow_p, (_arg(x), 2)))


def neg(x: Any) -> Tensor:
    """Elementwise ``-x``."""
    return _t(bind(R.neg_p, (_arg(x),)))


def _unary(prim: Any, doc: str) -> Any:
    def f(x: Any) -> Tensor:
        return _t(bind(prim, (_arg(x),)))

    f.__name__ = f.__qualname__ = prim.name
    f.__doc__ = doc
    return f


exp = _unary(R.exp_p, "Elementwise exponential; d/dx exp(x) = exp(x).")
log = _unary(R.log_p, "Elementwise natural logarithm; d/dx log(x) = 1/x.")
log1p = _unary(R.log1p_p, "Elementwise log(1 + x), accurate for small x.")
sqrt = _unary(R.sqrt_p, "Elementwise square root; d/dx sqrt(x) = 1/(2 sqrt(x)).")
sin = _unary(R.sin_p, "Elementwise sine; d/dx sin(x) = cos(x).")
cos = _unary(R.cos_p, "Elementwise cosine; d/dx cos(x) = -sin(x).")
tan = _unary(R.tan_p, "Elementwise tangent; d/dx tan(x) = 1 + tan(x)^2.")
tanh = _unary(R.tanh_p, "Elementwise hyperbolic tangent; d/dx tanh(x) = 1 - tanh(x)^2.")
sigmoid = _unary(R.sigmoid_p, "Logistic sigmoid 1/(1 + exp(-x)), computed stably; "
                              "its derivative is s(x)(1 - s(x)).")
relu = _unary(R.relu_p, "max(x, 0); its derivative is taken as 0 at x = 0.")
abs = _unary(R.abs_p, "Elementwise |x|; its derivative is sign(x) (0 at x = 0).")  # noqa: A001


def matmul(x: Any, y: Any) -> Tensor:
    """Matrix product ``x @ y`` with NumPy's rules (vectors, stacks of matrices).

    .. math:: \\frac{\\partial L}{\\partial A} = G B^\\top, \\quad
       \\frac{\\partial L}{\\partial B} = A^\\top G

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import jacobian, matmul
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> jacobian(lambda x: matmul(A, x))(np.zeros(2))
    array([[1., 2.],
           [3., 4.]])
    """
    return _t(R.matmul(_arg(x), _arg(y, "y")))


def dot(x: Any, y: Any) -> Tensor:
    """Inner product of two vectors (same as :func:`matmul` for 1-D input)."""
    return matmul(x, y)


def linear(x: Any, W: Any, b: Any) -> Tensor:
    """Affine map ``x @ W + b`` as one fused operation (a dense layer).

    .. math:: z = x W + b

    Parameters
    ----------
    x : array_like of shape (..., n_in)
    W : array_like of shape (n_in, n_out)
    b : array_like of shape (n_out,)
    """
    x, W, b = _arg(x), _arg(W, "W"), _arg(b, "b")
    sx, sw, sb = _shape_of(x), _shape_of(W), _shape_of(b)
    if len(sw) != 2 or len(sx) < 1 or sb != sw[1:] or sx[-1] != sw[0]:
        raise ShapeError(f"linear: expected x (..., n_in), W (n_in, n_out), b (n_out,), "
                         f"got shapes {sx}, {sw}, {sb}")
    return _t(bind(R.linear_p, (x, W, b)))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over ``axis`` (all axes by default)."""
    return _t(R.sum(_arg(x), axis, keepdims))


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over ``axis`` (all axes by default)."""
    return _t(R.mean(_arg(x), axis, keepdims))


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Maximum over ``axis``; the gradient is shared equally among tied maxima."""
    return _t(R.max(_arg(x), axis, keepdims))


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Minimum over ``axis``; the gradient is shared equally among tied minima."""
    return _t(R.min(_arg(x), axis, keepdims))


def maximum(x: Any, y: Any) -> Tensor:
    """Elementwise maximum (the gradient goes to ``x`` at ties)."""
    x, y = _arg(x), _arg(y, "y")
    return where(_raw(x) >= _raw(y), x, y)


def minimum(x: Any, y: Any) -> Tensor:
    """Elementwise minimum (the gradient goes to ``x`` at ties)."""
    x, y = _arg(x), _arg(y, "y")
    return where(_raw(x) <= _raw(y), x, y)


def reshape(x: Any, shape: Any) -> Tensor:
    """The same values in a new shape (one entry may be -1)."""
    return _t(R.reshape(_arg(x), shape))


def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permute the axes (reverse them by default)."""
    return _t(R.transpose(_arg(x), axes))


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """Repeat ``x`` along new or size-1 axes to ``shape``; the gradient sums back."""
    x = _arg(x)
    shape = tuple(int(s) for s in shape)
    try:
        np.broadcast_shapes(np.shape(_raw(x)), shape)
    except ValueError:
        raise ShapeError(f"broadcast_to: shape {np.shape(_raw(x))} cannot be broadcast "
                         f"to {shape}") from None
    return _t(R.broadcast_to_(x, shape))


def concatenate(xs: Sequence[Any], axis: int = 0) -> Tensor:
    """Join arrays along an existing axis."""
    xs = [_arg(x) for x in xs]
    if not xs:
        raise InputValueError("concatenate: needs at least one array")
    nd = np.ndim(_raw(xs[0]))
    if nd == 0:
        raise ShapeError("concatenate: zero-dimensional arrays cannot be concatenated")
    ax = R.norm_axis(axis, nd)[0]
    return _t(R.concatenate_(xs, ax))


def stack(xs: Sequence[Any], axis: int = 0) -> Tensor:
    """Join arrays of the same shape along a new axis."""
    xs = [_arg(x) for x in xs]
    if not xs:
        raise InputValueError("stack: needs at least one array")
    shapes = {np.shape(_raw(x)) for x in xs}
    if len(shapes) != 1:
        raise ShapeError(f"stack: all arrays need the same shape, got {sorted(shapes)}")
    shape = shapes.pop()
    ax = R.norm_axis(axis, len(shape) + 1)[0]
    pos = len(shape) + 1 + ax
    new = shape[:pos] + (1,) + shape[pos:]
    return _t(R.concatenate_([R.reshape_(x, new) for x in xs], ax))


def where(condition: Any, x: Any, y: Any) -> Tensor:
    """``x`` where ``condition`` holds, ``y`` elsewhere.

    The gradient of the branch not taken is exactly 0, also where that branch
    is undefined (``where(x > 0, sqrt(x), 0)`` has gradient 0, not NaN, at x < 0).

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, sqrt, sum, where
    >>> f = lambda x: sum(where(x > 0, sqrt(x), 0.0))
    >>> grad(f)(np.array([-1.0, 0.0, 4.0]))
    array([0.  , 0.  , 0.25])
    """
    cond = np.asarray(_raw(condition))
    if cond.dtype != np.bool_:
        cond = cond.astype(bool)
    return _t(bind(R.where_p, (cond, _arg(x), _arg(y, "y"))))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow.

    .. math:: \\operatorname{lse}(x) = m + \\log \\sum_i e^{x_i - m}, \\quad m = \\max_i x_i

    Examples
    --------
    >>> from mmlkit.autodiff import logsumexp
    >>> round(logsumexp([1000.0, 1000.0]).item() - 1000.0, 6)  # log 2
    0.693147
    """
    x = _arg(x)
    return _t(bind(R.logsumexp_p, (x,), {"axis": R.norm_axis(axis, np.ndim(_raw(x))),
                                          "keepdims": keepdims}))


def _one_axis(x: Any, axis: int) -> int:
    nd = np.ndim(_raw(x))
    if nd == 0:
        raise ShapeError("softmax: needs at least one dimension")
    return R.norm_axis(axis, nd)[0]


def softmax(x: Any, axis: int = -1) -> Tensor:
    """Normalised exponentials along ``axis``, computed stably.

    .. math:: \\operatorname{softmax}(x)_i = \\frac{e^{x_i - m}}{\\sum_j e^{x_j - m}}
    """
    x = _arg(x)
    return _t(bind(R.softmax_p, (x,), {"axis": _one_axis(x, axis)}))


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """``x - logsumexp(x)`` along ``axis``, computed stably."""
    x = _arg(x)
    return _t(bind(R.log_softmax_p, (x,), {"axis": _one_axis(x, axis)}))


def cross_entropy(logits: Any, labels: Any) -> Tensor:
    """Mean softmax cross-entropy of integer class labels, from logits (one fused step).

    .. math:: \\ell = \\frac{1}{N} \\sum_n \\Big(\\log \\sum_c e^{z_{nc}} - z_{n y_n}\\Big)

    Parameters
    ----------
    logits : array_like of shape (n_samples, n_classes)
    labels : array_like of int, shape (n_samples,)

    Examples
    --------
    >>> from mmlkit.autodiff import cross_entropy
    >>> round(cross_entropy([[0.0, 0.0]], [1]).item(), 6)
    0.693147
    """
    logits = _arg(logits, "logits")
    shape = np.shape(_raw(logits))
    y = np.asarray(_raw(labels))
    if len(shape) != 2 or y.shape != shape[:1]:
        raise ShapeError(f"cross_entropy: expected logits (n_samples, n_classes) and labels "
                         f"(n_samples,), got shapes {shape} and {y.shape}")
    if y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and np.all(y == np.round(y)):
            y = y.astype(np.intp)
        else:
            raise InputValueError("cross_entropy: labels must be integer class indices")
    if y.size and (y.min() < 0 or y.max() >= shape[1]):
        raise InputValueError(f"cross_entropy: labels must lie in [0, {shape[1]}), "
                              f"got values from {y.min()} to {y.max()}")
    return _t(bind(R.xent_p, (logits, y)))
