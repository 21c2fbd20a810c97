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
    "dot", "softplus", "var", "std", "clip",
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
    """Elementwise ``x + y`` with NumPy broadcasting.

    The gradient of a broadcast operand is summed back over the broadcast axes.

    .. math:: \\frac{\\partial (x + y)}{\\partial x} = 1

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import add, grad, sum
    >>> grad(lambda b: sum(add(np.ones((3, 2)), b)))(np.zeros(2))
    array([3., 3.])
    """
    return _t(bind(R.add_p, (_arg(x), _arg(y, "y"))))


def sub(x: Any, y: Any) -> Tensor:
    """Elementwise ``x - y`` with NumPy broadcasting.

    .. math:: \\frac{\\partial (x - y)}{\\partial y} = -1

    Examples
    --------
    >>> from mmlkit.autodiff import grad, sub
    >>> grad(lambda y: sub(5.0, y))(1.0)
    -1.0
    """
    return _t(bind(R.sub_p, (_arg(x), _arg(y, "y"))))


def mul(x: Any, y: Any) -> Tensor:
    """Elementwise product ``x * y`` with NumPy broadcasting.

    .. math:: \\frac{\\partial (x y)}{\\partial x} = y

    Examples
    --------
    >>> from mmlkit.autodiff import grad, mul
    >>> grad(lambda x: mul(x, 3.0))(2.0)
    3.0
    """
    return _t(bind(R.mul_p, (_arg(x), _arg(y, "y"))))


def div(x: Any, y: Any) -> Tensor:
    """Elementwise quotient ``x / y`` with NumPy broadcasting.

    .. math:: \\frac{\\partial (x / y)}{\\partial y} = -\\frac{x}{y^2}

    Examples
    --------
    >>> from mmlkit.autodiff import div, grad
    >>> grad(lambda y: div(1.0, y))(2.0)
    -0.25
    """
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
    """Elementwise square ``x ** 2``.

    .. math:: \\frac{d}{dx} x^2 = 2x

    Examples
    --------
    >>> from mmlkit.autodiff import grad, square
    >>> grad(square)(3.0)
    6.0
    """
    return _t(bind(R.pow_p, (_arg(x), 2)))


def neg(x: Any) -> Tensor:
    """Elementwise negation ``-x``.

    Examples
    --------
    >>> from mmlkit.autodiff import grad, neg
    >>> grad(neg)(3.0)
    -1.0
    """
    return _t(bind(R.neg_p, (_arg(x),)))


def _unary(prim: Any, summary: str, formula: str, x0: str, slope: str) -> Any:
    """A public elementwise function with a numpydoc docstring and a checked example."""
    def f(x: Any) -> Tensor:
        return _t(bind(prim, (_arg(x),)))

    name = prim.name
    f.__name__ = f.__qualname__ = name
    f.__doc__ = (
        f"{summary}\n\n"
        f"Accepts tensors, arrays and numbers; returns a :class:`Tensor`.\n\n"
        f".. math:: {formula}\n\n"
        f"Examples\n--------\n"
        f">>> from mmlkit.autodiff import grad, {name}\n"
        f">>> grad({name})({x0})\n{slope}\n")
    return f


exp = _unary(R.exp_p, "Elementwise exponential.", "\\frac{d}{dx} e^x = e^x", "0.0", "1.0")
log = _unary(R.log_p, "Elementwise natural logarithm.", "\\frac{d}{dx} \\log x = 1/x",
             "2.0", "0.5")
log1p = _unary(R.log1p_p, "Elementwise log(1 + x), accurate for small x.",
               "\\frac{d}{dx} \\log(1 + x) = \\frac{1}{1 + x}", "1.0", "0.5")
sqrt = _unary(R.sqrt_p, "Elementwise square root.",
              "\\frac{d}{dx} \\sqrt{x} = \\frac{1}{2\\sqrt{x}}", "4.0", "0.25")
sin = _unary(R.sin_p, "Elementwise sine.", "\\frac{d}{dx} \\sin x = \\cos x", "0.0", "1.0")
cos = _unary(R.cos_p, "Elementwise cosine.", "\\frac{d}{dx} \\cos x = -\\sin x",
             "np.pi / 2", "-1.0")
tan = _unary(R.tan_p, "Elementwise tangent.", "\\frac{d}{dx} \\tan x = 1 + \\tan^2 x",
             "0.0", "1.0")
tanh = _unary(R.tanh_p, "Elementwise hyperbolic tangent.",
              "\\frac{d}{dx} \\tanh x = 1 - \\tanh^2 x", "0.0", "1.0")
sigmoid = _unary(R.sigmoid_p, "Logistic sigmoid, computed without overflow (MML §8.2).",
                 "\\sigma(x) = \\frac{1}{1 + e^{-x}}, \\quad \\sigma' = \\sigma (1 - \\sigma)",
                 "0.0", "0.25")
softplus = _unary(R.softplus_p, "Softplus log(1 + e^x), computed without overflow.",
                  "\\frac{d}{dx} \\log(1 + e^x) = \\sigma(x)", "0.0", "0.5")
relu = _unary(R.relu_p, "Rectified linear unit max(x, 0); its derivative is taken as 0 at 0.",
              "\\frac{d}{dx} \\max(x, 0) = [x > 0]", "2.0", "1.0")
abs = _unary(R.abs_p, "Elementwise absolute value; its derivative is taken as 0 at 0.",  # noqa: A001
             "\\frac{d}{dx} |x| = \\operatorname{sign} x", "-3.0", "-1.0")


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
    """Inner product of two vectors (same as :func:`matmul` for 1-D input).

    .. math:: x^\\top y = \\sum_i x_i y_i

    Examples
    --------
    >>> from mmlkit.autodiff import dot
    >>> dot([1.0, 2.0], [3.0, 4.0]).item()
    11.0
    """
    return matmul(x, y)


def linear(x: Any, W: Any, b: Any) -> Tensor:
    """Affine map ``x @ W + b`` as one fused operation (a dense layer).

    .. math:: z = x W + b

    Parameters
    ----------
    x : array_like of shape (..., n_in)
    W : array_like of shape (n_in, n_out)
    b : array_like of shape (n_out,)

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import Tensor, linear
    >>> W = Tensor(np.eye(2), requires_grad=True)
    >>> linear(np.array([[1.0, 2.0]]), W, np.zeros(2)).sum().backward()
    >>> W.grad
    array([[1., 1.],
           [2., 2.]])
    """
    x, W, b = _arg(x), _arg(W, "W"), _arg(b, "b")
    sx, sw, sb = _shape_of(_raw(x)), _shape_of(_raw(W)), _shape_of(_raw(b))
    if len(sw) != 2 or len(sx) < 1 or sb != sw[1:] or sx[-1] != sw[0]:
        raise ShapeError(f"linear: expected x (..., n_in), W (n_in, n_out), b (n_out,), "
                         f"got shapes {sx}, {sw}, {sb}")
    return _t(bind(R.linear_p, (x, W, b)))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over ``axis`` (all axes by default); the gradient is broadcast back.

    .. math:: \\frac{\\partial}{\\partial x_i} \\sum_j x_j = 1

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, sum
    >>> grad(lambda x: sum(sum(x, axis=0) ** 2))(np.ones((2, 2)))
    array([[4., 4.],
           [4., 4.]])
    """
    return _t(R.sum(_arg(x), axis, keepdims))


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over ``axis`` (all axes by default).

    .. math:: \\frac{\\partial}{\\partial x_i} \\frac{1}{N}\\sum_j x_j = \\frac{1}{N}

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, mean
    >>> grad(mean)(np.ones(4))
    array([0.25, 0.25, 0.25, 0.25])
    """
    return _t(R.mean(_arg(x), axis, keepdims))


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Maximum over ``axis``; the gradient is shared equally among tied maxima.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, max
    >>> grad(max)(np.array([1.0, 3.0, 3.0]))
    array([0. , 0.5, 0.5])
    """
    return _t(R.max(_arg(x), axis, keepdims))


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Minimum over ``axis``; the gradient is shared equally among tied minima.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, min
    >>> grad(min)(np.array([2.0, 1.0, 3.0]))
    array([0., 1., 0.])
    """
    return _t(R.min(_arg(x), axis, keepdims))


def var(x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    """Variance over ``axis`` with divisor ``N - ddof`` (MML eq. (6.36)).

    .. math:: \\operatorname{var}(x) = \\frac{1}{N - \\text{ddof}} \\sum_i (x_i - \\bar x)^2

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import grad, var
    >>> grad(var)(np.array([1.0, 2.0, 3.0]))
    array([-0.66666667,  0.        ,  0.66666667])
    """
    x = _arg(x)
    nd = np.ndim(_raw(x))
    axes = R.norm_axis(axis, nd)
    shape = _shape_of(x)
    n = int(np.prod([shape[a] for a in axes])) if axes else 1
    if n - ddof <= 0:
        raise InputValueError(f"var: needs more than ddof={ddof} values along the axis, got {n}")
    centred = x - R.mean(x, axis, keepdims=True)
    return _t(R.sum(centred * centred, axis, keepdims) / (n - ddof))


def std(x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    """Standard deviation: the square root of :func:`var`.

    Examples
    --------
    >>> from mmlkit.autodiff import std
    >>> std([1.0, 3.0]).item()
    1.0
    """
    return sqrt(var(x, axis, ddof, keepdims))


def clip(x: Any, lo: float, hi: float) -> Tensor:
    """Limit values to ``[lo, hi]``; the gradient is 1 inside and 0 where clipped.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import clip, grad, sum
    >>> grad(lambda v: sum(clip(v, -1.0, 1.0)))(np.array([-2.0, 0.5, 3.0]))
    array([0., 1., 0.])
    """
    x = _arg(x)
    r = _raw(x)
    return where((r >= lo) & (r <= hi), x, np.clip(r, lo, hi))


def maximum(x: Any, y: Any) -> Tensor:
    """Elementwise maximum (the gradient goes to ``x`` at ties).

    Examples
    --------
    >>> from mmlkit.autodiff import maximum
    >>> maximum([1.0, 5.0], [3.0, 2.0]).data
    array([3., 5.])
    """
    x, y = _arg(x), _arg(y, "y")
    return where(_raw(x) >= _raw(y), x, y)


def minimum(x: Any, y: Any) -> Tensor:
    """Elementwise minimum (the gradient goes to ``x`` at ties).

    Examples
    --------
    >>> from mmlkit.autodiff import minimum
    >>> minimum([1.0, 5.0], [3.0, 2.0]).data
    array([1., 2.])
    """
    x, y = _arg(x), _arg(y, "y")
    return where(_raw(x) <= _raw(y), x, y)


def reshape(x: Any, shape: Any) -> Tensor:
    """The same values in a new shape (one entry may be -1).

    Examples
    --------
    >>> from mmlkit.autodiff import reshape
    >>> reshape([1.0, 2.0, 3.0, 4.0], (2, -1)).shape
    (2, 2)
    """
    return _t(R.reshape(_arg(x), shape))


def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permute the axes (reverse them by default).

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import transpose
    >>> transpose(np.zeros((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    return _t(R.transpose(_arg(x), axes))


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """Repeat ``x`` along new or size-1 axes to ``shape``; the gradient sums back.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import broadcast_to, grad, sum
    >>> grad(lambda v: sum(broadcast_to(v, (3, 2))))(np.zeros(2))
    array([3., 3.])
    """
    x = _arg(x)
    shape = tuple(int(s) for s in shape)
    try:
        np.broadcast_shapes(np.shape(_raw(x)), shape)
    except ValueError:
        raise ShapeError(f"broadcast_to: shape {np.shape(_raw(x))} cannot be broadcast "
                         f"to {shape}") from None
    return _t(R.broadcast_to_(x, shape))


def concatenate(xs: Sequence[Any], axis: int = 0) -> Tensor:
    """Join arrays along an existing axis; the gradient is split back.

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import concatenate, grad, sum
    >>> grad(lambda x: sum(concatenate([x, 2 * x])))(np.zeros(2))
    array([3., 3.])
    """
    xs = [_arg(x) for x in xs]
    if not xs:
        raise InputValueError("concatenate: needs at least one array")
    nd = np.ndim(_raw(xs[0]))
    if nd == 0:
        raise ShapeError("concatenate: zero-dimensional arrays cannot be concatenated")
    ax = R.norm_axis(axis, nd)[0]
    return _t(R.concatenate_(xs, ax))


def stack(xs: Sequence[Any], axis: int = 0) -> Tensor:
    """Join arrays of the same shape along a new axis.

    Examples
    --------
    >>> from mmlkit.autodiff import stack
    >>> stack([[1.0, 2.0], [3.0, 4.0]], axis=1).data
    array([[1., 3.],
           [2., 4.]])
    """
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

    Examples
    --------
    >>> from mmlkit.autodiff import softmax
    >>> softmax([0.0, 0.0, 1000.0]).data
    array([0., 0., 1.])
    """
    x = _arg(x)
    return _t(bind(R.softmax_p, (x,), {"axis": _one_axis(x, axis)}))


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """``x - logsumexp(x)`` along ``axis``, computed stably.

    .. math:: \\log \\operatorname{softmax}(x)_i = x_i - \\operatorname{lse}(x)

    Examples
    --------
    >>> import numpy as np
    >>> from mmlkit.autodiff import log_softmax
    >>> np.round(log_softmax([0.0, 0.0]).data, 6)
    array([-0.693147, -0.693147])
    """
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
