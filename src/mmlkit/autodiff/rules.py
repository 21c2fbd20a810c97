"""The calculus: every primitive with its NumPy implementation, VJP and JVP rule.

One primitive, one table entry. Rules are spelled with the same names
everywhere: ``g`` the output cotangent (reverse mode), ``t`` an input tangent
(forward mode), ``ans`` the output value, then the inputs (``x``, ``y``, ...).
Rules are written with the polymorphic helpers below, which run plain NumPy on
plain arrays and record themselves when they meet tensors; that is what makes
derivatives of derivatives work. Broadcasting is undone in one place,
:func:`unbroadcast`.

Forward-mode tangents may carry leading batch axes (``t.shape == batch +
x.shape``), so JVP rules address axes from the end (negative axes) and
:func:`expand_tangent` aligns a tangent with a higher-dimensional output.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ShapeError
from .tensor import Primitive, Tensor, _raw, _shape_of, bind

# ---------------------------------------------------------------- helpers


def _nd(x: Any) -> int:
    return x.ndim if isinstance(x, Tensor) else np.ndim(x)


def keep_shape(shape: tuple, axis: tuple) -> tuple:
    """``shape`` with a 1 at every (negative) axis in ``axis``: the keepdims shape."""
    out = list(shape)
    for a in axis:
        out[a] = 1
    return tuple(out)


def unbroadcast(g: Any, shape: tuple) -> Any:
    """Sum ``g`` over the axes that broadcasting added or stretched to reach its shape."""
    gshape = _shape_of(g)
    if tuple(gshape) == tuple(shape):
        return g
    lead = len(gshape) - len(shape)
    axes = tuple(range(-len(gshape), -len(shape))) + tuple(
        j - len(shape) for j, n in enumerate(shape) if n == 1 and gshape[lead + j] != 1)
    if axes:
        g = sum_(g, axes, False)
    return reshape_(g, tuple(shape))


def expand_tangent(t: Any, xnd: int, ond: int) -> Any:
    """Insert 1-axes after the batch axes of a tangent of an ``xnd``-D value to reach ``ond``."""
    if ond <= xnd:
        return t
    ts = tuple(_shape_of(t))
    nb = len(ts) - xnd
    return reshape_(t, ts[:nb] + (1,) * (ond - xnd) + ts[nb:])


def _masked(g: Any, rule: Any, *args: Any) -> Any:
    """``rule(*args) = g * f'(x)`` with 0 where ``g`` is 0.

    So the branch of ``where`` that is not taken contributes 0, not ``0 * inf = NaN``.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = rule(*args)
    if np.isfinite(_raw(r)).all():
        return r
    return where_(_raw(g) == 0, 0, r)


def _batch(t: Any, x: Any) -> tuple:
    ts = tuple(_shape_of(t))
    return ts[:len(ts) - _nd(x)]


# polymorphic structural helpers: plain NumPy for plain arrays, recorded for tensors
def sum_(x: Any, axis: tuple | None, keepdims: bool = False) -> Any:
    if type(x) is np.ndarray:
        return x.sum(axis=axis, keepdims=keepdims)
    return bind(sum_p, (x,), {"axis": axis, "keepdims": keepdims})


def reshape_(x: Any, shape: tuple) -> Any:
    if type(x) is np.ndarray:
        return x.reshape(shape)
    return bind(reshape_p, (x,), {"shape": tuple(shape)})


def broadcast_to_(x: Any, shape: tuple) -> Any:
    if type(x) is np.ndarray:
        return np.broadcast_to(x, shape)
    return bind(broadcast_to_p, (x,), {"shape": tuple(shape)})


def transpose_(x: Any, axes: tuple) -> Any:
    if type(x) is np.ndarray:
        return x.transpose(axes)
    return bind(transpose_p, (x,), {"axes": tuple(axes)})


def where_(cond: Any, x: Any, y: Any) -> Any:
    return bind(where_p, (cond, x, y))


def exp_(x: Any) -> Any:
    return bind(exp_p, (x,))


def log_(x: Any) -> Any:
    return bind(log_p, (x,))


def sin_(x: Any) -> Any:
    return bind(sin_p, (x,))


def cos_(x: Any) -> Any:
    return bind(cos_p, (x,))


def sigmoid_(x: Any) -> Any:
    return bind(sigmoid_p, (x,))


def softmax_(x: Any, axis: int) -> Any:
    return bind(softmax_p, (x,), {"axis": axis})


def getitem_(x: Any, idx: tuple, basic: bool) -> Any:
    return bind(getitem_p, (x,), {"idx": idx, "basic": basic})


def scatter_(g: Any, idx: tuple, basic: bool, shape: tuple) -> Any:
    return bind(scatter_p, (g,), {"idx": idx, "basic": basic, "shape": tuple(shape)})


def concatenate_(xs: list, axis: int) -> Any:
    return bind(concatenate_p, tuple(xs), {"axis": axis})


def _mT(x: Any) -> Any:
    return x.mT


# ------------------------------------------------------------ elementwise


def _binary(name: str, impl: Any, dx: Any, dy: Any) -> Primitive:
    """A broadcasting binary primitive from its two partial derivatives (as rules)."""

    def vjp_x(g: Any, ans: Any, x: Any, y: Any) -> Any:
        return unbroadcast(dx(g, ans, x, y), _shape_of(x))

    def vjp_y(g: Any, ans: Any, x: Any, y: Any) -> Any:
        return unbroadcast(dy(g, ans, x, y), _shape_of(y))

    def jvp_x(t: Any, ans: Any, x: Any, y: Any) -> Any:
        return dx(expand_tangent(t, _nd(x), _nd(ans)), ans, x, y)

    def jvp_y(t: Any, ans: Any, x: Any, y: Any) -> Any:
        return dy(expand_tangent(t, _nd(y), _nd(ans)), ans, x, y)

    return Primitive(name, impl, (vjp_x, vjp_y), (jvp_x, jvp_y))


def _pow_dx(g: Any, ans: Any, x: Any, y: Any) -> Any:
    if isinstance(y, (int, float)) and y == 2:
        return g * (2 * x)
    return _masked(g, lambda: g * (y * x ** (y - 1)))


def _pow_dy(g: Any, ans: Any, x: Any, y: Any) -> Any:
    # d/dy x^y = log(x) x^y, taken as 0 where x == 0 (the limit for y > 0)
    safe = where_(_raw(x) == 0, 1, x)
    return _masked(g, lambda: g * (log_(safe) * ans))


add_p = _binary("add", np.add, lambda g, ans, x, y: g, lambda g, ans, x, y: g)
sub_p = _binary("sub", np.subtract, lambda g, ans, x, y: g, lambda g, ans, x, y: -g)
mul_p = _binary("mul", np.multiply, lambda g, ans, x, y: g * y, lambda g, ans, x, y: g * x)
div_p = _binary("div", np.true_divide, lambda g, ans, x, y: g / y,
                lambda g, ans, x, y: -(g * ans) / y)
pow_p = _binary("pow", np.power, _pow_dx, _pow_dy)


def _unary(name: str, impl: Any, d: Any) -> Primitive:
    """An elementwise primitive from ``d(g, ans, x) = g * f'(x)`` (used for both modes)."""
    return Primitive(name, impl, (d,), (d,))


def _sigmoid(x: Any) -> Any:
    # stable logistic: exp of a non-positive number only (MML §8.2)
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _relu(x: Any) -> Any:
    if type(x) is np.ndarray and x.ndim:
        # against a row of zeros rather than the scalar 0: NumPy then runs its
        # vectorised loop (about twice as fast on a batch of activations)
        return np.maximum(x, np.zeros(x.shape[-1], x.dtype))
    return np.maximum(x, 0)


def _relu_d(g: Any, ans: Any, x: Any) -> Any:
    mask = _raw(ans) > 0
    if type(g) is np.ndarray and g.shape == mask.shape:
        # NOTE: a product with the mask, not np.where: several times faster on
        # random masks; differs only where g is infinite on the inactive side.
        # The mask is cast once and scaled in place (no mixed-type product).
        out = mask.astype(g.dtype)
        out *= g
        return out
    return where_(mask, g, 0)


neg_p = _unary("neg", np.negative, lambda g, ans, x: -g)
exp_p = _unary("exp", np.exp, lambda g, ans, x: g * ans)
log_p = _unary("log", np.log, lambda g, ans, x: _masked(g, lambda: g / x))
log1p_p = _unary("log1p", np.log1p, lambda g, ans, x: _masked(g, lambda: g / (1 + x)))
sqrt_p = _unary("sqrt", np.sqrt, lambda g, ans, x: _masked(g, lambda: g / (2 * ans)))
sin_p = _unary("sin", np.sin, lambda g, ans, x: g * cos_(x))
cos_p = _unary("cos", np.cos, lambda g, ans, x: -(g * sin_(x)))
tan_p = _unary("tan", np.tan, lambda g, ans, x: g * (1 + ans * ans))
tanh_p = _unary("tanh", np.tanh, lambda g, ans, x: g * (1 - ans * ans))
sigmoid_p = _unary("sigmoid", _sigmoid, lambda g, ans, x: g * (ans * (1 - ans)))
softplus_p = _unary("softplus", lambda x: np.logaddexp(0, x),
                    lambda g, ans, x: g * sigmoid_(x))
relu_p = _unary("relu", _relu, _relu_d)
abs_p = _unary("abs", np.abs, lambda g, ans, x: g * np.sign(_raw(x)))

# ------------------------------------------------------------ linear algebra


def _matmul_vjp_a(g: Any, ans: Any, a: Any, b: Any) -> Any:
    return unbroadcast(g @ _mT(b), _shape_of(a))


def _matmul_vjp_b(g: Any, ans: Any, a: Any, b: Any) -> Any:
    return unbroadcast(_mT(a) @ g, _shape_of(b))


# operands are at least 2-D here; :func:`matmul` lifts vectors
matmul_p = Primitive(
    "matmul", np.matmul, (_matmul_vjp_a, _matmul_vjp_b),
    (lambda t, ans, a, b: expand_tangent(t, _nd(a), _nd(ans)) @ b,
     lambda t, ans, a, b: a @ expand_tangent(t, _nd(b), _nd(ans))))


def _linear(x: Any, W: Any, b: Any) -> Any:
    out = x @ W
    out += b  # one pass, no temporary (matmul + bias fused)
    return out


def _rows(x: Any) -> Any:
    """Stack every leading axis into rows: shape (-1, last)."""
    shape = _shape_of(x)
    return x if len(shape) == 2 else reshape_(x, (-1, shape[-1]))


def _linear_vjp_x(g: Any, ans: Any, x: Any, W: Any, b: Any) -> Any:
    return g @ W.T if type(W) is np.ndarray else g @ _mT(W)


def _linear_vjp_W(g: Any, ans: Any, x: Any, W: Any, b: Any) -> Any:
    if type(x) is np.ndarray and type(g) is np.ndarray and x.ndim == 2:
        return x.T @ g  # the common case: a batch of rows
    return _mT(_rows(x)) @ _rows(g)


def _linear_vjp_b(g: Any, ans: Any, x: Any, W: Any, b: Any) -> Any:
    if type(g) is np.ndarray:
        if g.ndim == 2:  # column sums as a product with ones: BLAS beats a reduction here
            return np.ones(g.shape[0], g.dtype) @ g
        return g.sum(axis=tuple(range(g.ndim - 1)))
    nd = _nd(g)
    return g if nd == 1 else sum_(g, tuple(range(-nd, -1)))


linear_p = Primitive(
    "linear", _linear,
    (_linear_vjp_x, _linear_vjp_W, _linear_vjp_b),
    (lambda t, ans, x, W, b: t @ W,
     lambda t, ans, x, W, b: matmul(x, t),
     lambda t, ans, x, W, b: expand_tangent(t, 1, _nd(ans))))

# ------------------------------------------------------------- reductions


def _sum_vjp(g: Any, ans: Any, x: Any, axis: tuple, keepdims: bool) -> Any:
    shape = _shape_of(x)
    if not keepdims:
        g = reshape_(g, keep_shape(shape, axis))
    return broadcast_to_(g, shape)


sum_p = Primitive(
    "sum", lambda x, axis, keepdims: np.sum(x, axis=axis, keepdims=keepdims),
    (_sum_vjp,), (lambda t, ans, x, axis, keepdims: sum_(t, axis, keepdims),))


def _max_weights(ans: Any, x: Any, axis: tuple, keepdims: bool) -> Any:
    """Where the maximum is attained, split evenly among ties (a subgradient)."""
    xr = np.asarray(_raw(x))
    kshape = keep_shape(xr.shape, axis)
    w = (xr == np.reshape(_raw(ans), kshape)).astype(xr.dtype)
    w /= w.sum(axis=axis, keepdims=True)
    return w, kshape


def _max_vjp(g: Any, ans: Any, x: Any, axis: tuple, keepdims: bool) -> Any:
    w, kshape = _max_weights(ans, x, axis, keepdims)
    return reshape_(g, kshape) * w


def _max_jvp(t: Any, ans: Any, x: Any, axis: tuple, keepdims: bool) -> Any:
    w, _ = _max_weights(ans, x, axis, keepdims)
    return sum_(t * w, axis, keepdims)


max_p = Primitive("max", lambda x, axis, keepdims: np.max(x, axis=axis, keepdims=keepdims),
                  (_max_vjp,), (_max_jvp,))


def _logsumexp(x: Any, axis: tuple, keepdims: bool) -> Any:
    # log sum exp x = m + log sum exp(x - m), m = max x (MML §5.x, stable form)
    x = np.asarray(x)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _lse_weights(ans: Any, x: Any, axis: tuple, keepdims: bool) -> Any:
    return exp_(x - reshape_(ans, keep_shape(_shape_of(x), axis)))


logsumexp_p = Primitive(
    "logsumexp", _logsumexp,
    (lambda g, ans, x, axis, keepdims: reshape_(g, keep_shape(_shape_of(x), axis))
     * _lse_weights(ans, x, axis, keepdims),),
    (lambda t, ans, x, axis, keepdims: sum_(t * _lse_weights(ans, x, axis, keepdims),
                                            axis, keepdims),))


def _softmax(x: Any, axis: int) -> Any:
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _log_softmax(x: Any, axis: int) -> Any:
    z = x - np.max(x, axis=axis, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=axis, keepdims=True))
    return z


softmax_p = Primitive(
    "softmax", _softmax,
    (lambda g, ans, x, axis: ans * (g - sum_(g * ans, (axis,), True)),),
    (lambda t, ans, x, axis: ans * (t - sum_(t * ans, (axis,), True)),))
log_softmax_p = Primitive(
    "log_softmax", _log_softmax,
    (lambda g, ans, x, axis: g - exp_(ans) * sum_(g, (axis,), True),),
    (lambda t, ans, x, axis: t - sum_(t * exp_(ans), (axis,), True),))


def _xent(logits: Any, labels: Any) -> tuple[Any, Any]:
    """Mean over rows of logsumexp(z) - z[label] (MML §8.2); keeps softmax(z) for backward.

    With fewer classes than samples the work runs on a class-major copy, so
    every reduction over the classes adds whole rows (NumPy is slow at reducing
    many short rows); the kept softmax is then a transposed view.
    """
    n, c = logits.shape
    rows = np.arange(n)
    if c < n:
        et = logits.T.copy()  # (classes, samples), C-contiguous
        et -= et.max(axis=0)
        picked = et[labels, rows]  # shifted logits of the true classes
        np.exp(et, out=et)
        s = et.sum(axis=0)
        loss = (np.log(s) - picked).sum() / n
        et /= s
        return loss, et.T
    e = logits - logits.max(axis=1, keepdims=True)
    picked = e[rows, labels]
    np.exp(e, out=e)
    s = e.sum(axis=1)
    loss = (np.log(s) - picked).sum() / n
    e /= s[:, None]
    return loss, e


def _onehot(labels: Any, like: Any) -> np.ndarray:
    shape = _shape_of(like)
    out = np.zeros(shape, dtype=np.asarray(_raw(like)).dtype)
    out[np.arange(shape[0]), labels] = 1
    return out


def _xent_vjp(g: Any, ans: Any, logits: Any, labels: Any, res: Any = None) -> Any:
    n = _shape_of(logits)[0]
    if res is not None and not isinstance(g, Tensor):
        scale = g / n
        d = res * scale  # softmax(z) (g / N), then subtract at the labels
        d[np.arange(n), labels] -= scale
        return d
    return (softmax_(logits, -1) - _onehot(labels, logits)) * (g / n)


def _xent_jvp(t: Any, ans: Any, logits: Any, labels: Any) -> Any:
    n = _shape_of(logits)[0]
    d = softmax_(logits, -1) - _onehot(labels, logits)
    return sum_(t * d, (-2, -1)) / n


xent_p = Primitive("cross_entropy", _xent, (_xent_vjp, None), (_xent_jvp, None), residual=True)

# ----------------------------------------------------------------- shapes

reshape_p = Primitive(
    "reshape", lambda x, shape: np.reshape(x, shape),
    (lambda g, ans, x, shape: reshape_(g, _shape_of(x)),),
    (lambda t, ans, x, shape: reshape_(t, _batch(t, x) + shape),))

broadcast_to_p = Primitive(
    "broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
    (lambda g, ans, x, shape: unbroadcast(g, _shape_of(x)),),
    (lambda t, ans, x, shape: broadcast_to_(expand_tangent(t, _nd(x), len(shape)),
                                            _batch(t, x) + shape),))


def _transpose_jvp(t: Any, ans: Any, x: Any, axes: tuple) -> Any:
    nb = len(_batch(t, x))
    return transpose_(t, tuple(range(nb)) + tuple(a + nb for a in axes))


transpose_p = Primitive(
    "transpose", lambda x, axes: np.transpose(x, axes),
    (lambda g, ans, x, axes: transpose_(g, tuple(np.argsort(axes).tolist())),),
    (_transpose_jvp,))


def _scatter(g: Any, idx: tuple, basic: bool, shape: tuple) -> np.ndarray:
    """Zeros of ``shape`` with ``g`` added at ``idx`` (repeated indices add up)."""
    out = np.zeros(shape, dtype=np.result_type(g))
    if basic:
        out[idx] = g
    else:
        np.add.at(out, idx, g)
    return out


def _prefix(t: Any, x: Any, idx: tuple) -> tuple:
    return (slice(None),) * len(_batch(t, x)) + idx


getitem_p = Primitive(
    "getitem", lambda x, idx, basic: x[idx],
    (lambda g, ans, x, idx, basic: scatter_(g, idx, basic, _shape_of(x)),),
    (lambda t, ans, x, idx, basic: getitem_(t, _prefix(t, x, idx), basic),))

scatter_p = Primitive(
    "scatter", _scatter,
    (lambda g, ans, x, idx, basic, shape: getitem_(g, idx, basic),),
    (lambda t, ans, x, idx, basic, shape: scatter_(t, _prefix(t, x, idx), basic,
                                                   _batch(t, x) + shape),))


def _concat_vjp(i: int, g: Any, ans: Any, *xs: Any, axis: int) -> Any:
    sizes = [_shape_of(x)[axis] for x in xs]
    start = int(np.sum(sizes[:i]))
    idx = (Ellipsis, slice(start, start + sizes[i])) + (slice(None),) * (-axis - 1)
    return getitem_(g, idx, True)


def _concat_jvp(ts: list, ans: Any, *xs: Any, axis: int) -> Any:
    k = next(i for i, t in enumerate(ts) if t is not None)
    batch = _batch(ts[k], xs[k])
    dtype = np.asarray(_raw(ans)).dtype
    parts = [t if t is not None else np.zeros(batch + tuple(_shape_of(x)), dtype)
             for t, x in zip(ts, xs, strict=True)]
    return concatenate_(parts, axis)


concatenate_p = Primitive("concatenate", lambda *xs, axis: np.concatenate(xs, axis=axis),
                          vjp_var=_concat_vjp, jvp_joint=_concat_jvp)

where_p = Primitive(
    "where", np.where,
    (None,
     lambda g, ans, c, x, y: unbroadcast(where_(c, g, 0), _shape_of(x)),
     lambda g, ans, c, x, y: unbroadcast(where_(c, 0, g), _shape_of(y))),
    (None,
     lambda t, ans, c, x, y: where_(c, expand_tangent(t, _nd(x), _nd(ans)), 0),
     lambda t, ans, c, x, y: where_(c, 0, expand_tangent(t, _nd(y), _nd(ans)))))

#: every primitive, by name: the table the tests run their battery over
PRIMITIVES: dict[str, Primitive] = {
    p.name: p for p in (
        add_p, sub_p, mul_p, div_p, pow_p, neg_p, exp_p, log_p, log1p_p, sqrt_p, sin_p,
        cos_p, tan_p, tanh_p, sigmoid_p, softplus_p, relu_p, abs_p, matmul_p, linear_p,
        sum_p, max_p, logsumexp_p, softmax_p, log_softmax_p, xent_p, reshape_p, broadcast_to_p,
        transpose_p, getitem_p, scatter_p, concatenate_p, where_p)
}

# ----------------------------------------- argument normalisation (shared with ops)


def norm_axis(axis: Any, ndim: int) -> tuple:
    """Axes as a tuple of negative ints (``None``: every axis); ShapeError when out of range."""
    if axis is None:
        return tuple(range(-ndim, 0))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        a = int(a)
        if not -ndim <= a < ndim:
            raise ShapeError(f"axis {a} is out of range for an array with {ndim} dimension(s)")
        out.append(a - ndim if a >= 0 else a)
    if len(set(out)) != len(out):
        raise ShapeError(f"axis {axis!r} repeats an axis")
    return tuple(out)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    return sum_(x, norm_axis(axis, _nd(x)), keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    axes = norm_axis(axis, _nd(x))
    shape = _shape_of(x)
    count = int(np.prod([shape[a] for a in axes])) if axes else 1
    return sum_(x, axes, keepdims) / count


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    if np.size(_raw(x)) == 0:
        raise ShapeError("max: the array is empty")
    return bind(max_p, (x,), {"axis": norm_axis(axis, _nd(x)), "keepdims": keepdims})


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    return -max(-x, axis, keepdims)


def reshape(x: Any, shape: Any) -> Any:
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    size = int(np.size(_raw(x)))
    try:
        shape = np.empty(size, dtype=np.bool_).reshape(shape).shape  # resolves -1
    except ValueError:
        raise ShapeError(f"reshape: cannot reshape an array of shape {_shape_of(x)} "
                         f"(size {size}) into shape {shape}") from None
    return reshape_(x, shape)


def transpose(x: Any, axes: Any = None) -> Any:
    nd = _nd(x)
    if axes is None:
        axes = tuple(range(nd))[::-1]
    axes = tuple(int(a) % nd if -nd <= int(a) < nd else nd for a in axes)
    if sorted(axes) != list(range(nd)):
        raise ShapeError(f"transpose: axes {axes} are not a permutation of range({nd})")
    return transpose_(x, axes)


def swap_last(x: Any) -> Any:
    nd = _nd(x)
    if nd < 2:
        raise ShapeError(f"mT: needs at least 2 dimensions, got shape {_shape_of(x)}")
    return transpose_(x, tuple(range(nd - 2)) + (nd - 1, nd - 2))


def matmul(a: Any, b: Any) -> Any:
    """Matrix product with NumPy's rules for vectors (lifted to matrices and back)."""
    sa, sb = tuple(_shape_of(a)), tuple(_shape_of(b))
    if not sa or not sb:
        raise ShapeError(f"matmul: operands must have at least 1 dimension, got shapes "
                         f"{sa} and {sb}; use * for scalars")
    inner_b = sb[0] if len(sb) == 1 else sb[-2]
    if sa[-1] != inner_b:
        raise ShapeError(f"matmul: shapes {sa} and {sb} do not align "
                         f"({sa[-1]} != {inner_b})")
    if len(sa) >= 2 and len(sb) >= 2:
        return bind(matmul_p, (a, b))
    if len(sa) == 1 and len(sb) == 1:
        return sum_(a * b, (-1,))  # inner product of two vectors
    a2 = reshape_(a, (1,) + sa) if len(sa) == 1 else a
    b2 = reshape_(b, sb + (1,)) if len(sb) == 1 else b
    out = bind(matmul_p, (a2, b2))
    shape = tuple(_shape_of(out))
    if len(sb) == 1:
        shape = shape[:-1]
    if len(sa) == 1:
        shape = shape[:-2] + shape[-1:] if len(sb) > 1 else shape[:-1]
    return reshape_(out, shape)


def _norm_index(idx: Any) -> tuple[tuple, bool]:
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    basic = True
    for i in idx:
        if isinstance(i, Tensor):
            i = i.data
        if isinstance(i, (list, np.ndarray)):
            i = np.asarray(i)
            if i.dtype.kind not in "biu":
                raise ShapeError(f"index arrays must hold integers or booleans, got {i.dtype}")
            basic = False
        elif not (i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer))):
            raise ShapeError(f"unsupported index {i!r}")
        out.append(i)
    return tuple(out), basic


def getitem(x: Any, idx: Any) -> Any:
    idx, basic = _norm_index(idx)
    return getitem_(x, idx, basic)
