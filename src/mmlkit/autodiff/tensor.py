"""Tensors and the mechanism of differentiation (MML §5.6).

The mechanism knows no calculus. Every primitive operation goes through
:func:`bind`, which

* computes the value with NumPy,
* records a node (primitive, inputs, output) when an input is a :class:`Tensor`
  that takes part in reverse mode, or
* pushes a tangent through the primitive's JVP rule when an input is a
  :class:`Dual` (forward mode).

The derivative rules themselves live in :mod:`mmlkit.autodiff.rules`.

Every differentiation owns a *level*: user tensors made with
``requires_grad=True`` live on level 0 and each call of a function transform
(``grad``, ``jvp``, ...) opens a new, higher level. A tensor of level ``k`` may
hold a tensor of a lower level as its value, so derivatives nest to any order
(``grad(grad(f))``, forward-over-reverse Hessians) without confusing the
perturbations of different levels. Tensors that do not take part in any
differentiation (``requires_grad=False``, or made under :func:`no_grad`) have
level -1 and always hold a plain ndarray.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from .._validation import as_float_array
from ..errors import InputValueError, ShapeError

__all__ = ["Tensor", "Dual", "Primitive", "bind", "no_grad", "is_grad_enabled", "tensor"]

_NOKW: dict[str, Any] = {}
_GRAD_ENABLED = [True]
_LEVELS = itertools.count(1)
_SEQ = itertools.count()  # creation stamps: a node is always younger than its inputs


def new_level() -> int:
    """A fresh level for one call of a function transform (level 0 is the user's)."""
    return next(_LEVELS)


class Primitive:
    """One differentiable operation: a NumPy implementation and its derivative rules.

    ``vjps[i](g, ans, *args, **kw)`` maps the cotangent ``g`` of the output to the
    cotangent of argument ``i``; ``jvps[i](t, ans, *args, **kw)`` maps the tangent
    ``t`` of argument ``i`` to its contribution to the output tangent. ``None``
    marks an argument without a derivative. Primitives with a variable number of
    arguments give ``vjp_var(i, g, ans, *args, **kw)`` and ``jvp_joint(ts, ans,
    *args, **kw)`` instead. With ``residual=True`` the implementation returns
    ``(value, residual)`` and the reverse rule receives the residual as ``res=``
    (an intermediate of the forward pass it would otherwise recompute).
    """

    __slots__ = ("name", "impl", "vjps", "jvps", "vjp_var", "jvp_joint", "residual")

    def __init__(self, name: str, impl: Callable[..., Any], vjps: tuple = (),
                 jvps: tuple = (), vjp_var: Callable | None = None,
                 jvp_joint: Callable | None = None, residual: bool = False) -> None:
        self.residual = residual
        self.name = name
        self.impl = impl
        self.vjps = vjps
        self.jvps = jvps
        self.vjp_var = vjp_var
        self.jvp_joint = jvp_joint

    def __repr__(self) -> str:
        return f"Primitive({self.name!r})"

    def vjp(self, i: int, g: Any, ans: Any, vals: tuple, kw: dict) -> Any:
        """Cotangent of argument ``i`` (``NotImplementedError`` when there is no rule)."""
        if self.vjp_var is not None:
            return self.vjp_var(i, g, ans, *vals, **kw)
        rule = self.vjps[i] if i < len(self.vjps) else None
        if rule is None:
            raise NotImplementedError(
                f"primitive '{self.name}' has no VJP rule for argument {i}")
        return rule(g, ans, *vals, **kw)

    def jvp(self, tangents: list, ans: Any, vals: tuple, kw: dict) -> Any:
        """Output tangent from the argument tangents (``None`` for constant arguments)."""
        if self.jvp_joint is not None:
            return self.jvp_joint(tangents, ans, *vals, **kw)
        out = None
        for i, t in enumerate(tangents):
            if t is None:
                continue
            rule = self.jvps[i] if i < len(self.jvps) else None
            if rule is None:
                raise NotImplementedError(
                    f"primitive '{self.name}' has no JVP rule for argument {i}")
            ti = rule(t, ans, *vals, **kw)
            out = ti if out is None else out + ti
        return out


def _raw(x: Any) -> Any:
    """The plain NumPy value under any number of tensor levels."""
    while isinstance(x, Tensor):
        x = x._value
    return x


def _shape_of(x: Any) -> tuple[int, ...]:
    s = getattr(x, "shape", None)  # ndarrays, NumPy scalars and tensors
    return s if s is not None else np.shape(x)


def _fail(prim: Primitive, args: tuple, exc: Exception) -> ShapeError:
    shapes = " and ".join(str(np.shape(_raw(a))) for a in args)
    return ShapeError(f"{prim.name}: operands of shapes {shapes} do not fit: {exc}")


def _const(value: Any) -> Tensor:
    t = Tensor.__new__(Tensor)
    t._value = value
    t._level = -1
    t._prim = None
    t._vals = ()
    t._kw = _NOKW
    t._parents = ()
    t._seq = next(_SEQ)
    t.grad = None
    return t


def bind(prim: Primitive, args: tuple, kw: dict = _NOKW) -> Any:
    """Apply ``prim`` to ``args``: plain value, recorded node or dual number.

    With no tensor among ``args`` the plain NumPy result is returned, which is
    what lets the derivative rules run at full NumPy speed on plain arrays and
    record themselves when they meet tensors (higher-order derivatives).
    Every operation of every pass goes through here, so it is written as one
    flat function (no helper calls on the common path).
    """
    top = -2
    for a in args:
        if isinstance(a, Tensor) and a._level > top:
            top = a._level
    if top < 0 or not _GRAD_ENABLED[0]:
        if top > -2:
            args = tuple([_raw(a) for a in args])
        try:
            out = prim.impl(*args, **kw)
        except (ValueError, IndexError) as exc:
            raise _fail(prim, args, exc) from None
        if prim.residual:
            out = out[0]
        return out if top == -2 else _const(out)
    nested = False
    head = None
    parents = []
    vals = []
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            lv = a._level
            if lv == top:
                if head is None:
                    head = a
                parents.append((i, a))
                a = a._value
            elif lv < 0:
                a = a._value
            if isinstance(a, Tensor):
                nested = True  # a tensor of a lower level: it records the same operation
        vals.append(a)
    vals = tuple(vals)
    res = None
    if nested:
        ans = bind(prim, vals, kw)
    else:
        try:
            ans = prim.impl(*vals, **kw)
        except (ValueError, IndexError) as exc:
            raise _fail(prim, vals, exc) from None
        if prim.residual:
            ans, res = ans
    if type(head) is Dual:
        return _push_tangent(prim, args, vals, kw, ans, top)
    out = Tensor.__new__(Tensor)
    out._value = ans
    out._level = top
    out._prim = prim
    out._vals = vals
    out._kw = kw if res is None else {**kw, "res": res}
    out._parents = tuple(parents)
    out._seq = next(_SEQ)
    out.grad = None
    return out


def _push_tangent(prim: Primitive, args: tuple, vals: tuple, kw: dict, ans: Any,
                  level: int) -> Dual:
    """Forward mode: the output tangent from the inputs' tangents (MML §5.6)."""
    tangents = [a._tangent if isinstance(a, Dual) and a._level == level else None
                for a in args]
    t = prim.jvp(tangents, ans, vals, kw)
    shape = tuple(_shape_of(ans))
    tshape = tuple(_shape_of(t))
    if tshape[len(tshape) - len(shape):] != shape or len(tshape) < len(shape):
        # a tangent that is only broadcast-compatible: spell out its full shape
        i = next(i for i, ti in enumerate(tangents) if ti is not None)
        nb = len(_shape_of(tangents[i])) - len(_shape_of(vals[i]))
        batch = tuple(_shape_of(tangents[i])[:nb])
        t = _r.broadcast_to_(_r.expand_tangent(t, len(tshape) - nb, len(shape)),
                              batch + shape)
    return Dual._make(ans, level, t)


class Tensor:
    """An n-dimensional array that records the operations applied to it.

    Parameters
    ----------
    data : array_like
        The values; copied. float32 stays float32, every other real input
        becomes float64.
    requires_grad : bool, default False
        Record operations on this tensor so that :meth:`backward` can compute
        the derivative of a scalar result with respect to it.

    Notes
    -----
    Reverse mode (backpropagation, MML §5.6) applies the chain rule from the
    output back to the inputs:

    .. math:: \\frac{\\partial L}{\\partial x} = \\sum_{c \\in \\text{children}(x)}
       \\frac{\\partial L}{\\partial c}\\,\\frac{\\partial c}{\\partial x}

    Examples
    --------
    >>> from mmlkit.autodiff import Tensor
    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    array([2., 4., 6.])
    """

    __slots__ = ("_value", "_level", "_prim", "_vals", "_kw", "_parents", "_seq", "grad",
                 "__weakref__")
    __array_ufunc__ = None  # ndarray (op) Tensor defers to the Tensor's operators
    __array_priority__ = 1000.0

    def __init__(self, data: Any, requires_grad: bool = False) -> None:
        if isinstance(data, Tensor):
            data = data.data
        self._value = as_float_array(data, "data", finite=False, copy=True)
        self._level = 0 if requires_grad else -1
        self._prim = None
        self._vals = ()
        self._kw = _NOKW
        self._parents = ()
        self._seq = next(_SEQ)
        self.grad: np.ndarray | None = None

    # ------------------------------------------------------------------ data
    @property
    def data(self) -> np.ndarray:
        """The plain values as an ndarray (no graph)."""
        v = self._value
        return v if type(v) is np.ndarray else np.asarray(_raw(v))

    @data.setter
    def data(self, value: Any) -> None:
        if self._prim is not None or isinstance(self._value, Tensor):
            raise InputValueError("data: only the values of a leaf tensor can be replaced")
        self._value = value if type(value) is np.ndarray else np.asarray(value)

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for differentiation."""
        return self._level >= 0

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user rather than by an operation."""
        return self._prim is None

    @property
    def op(self) -> str | None:
        """Name of the primitive that produced this tensor (None for a leaf)."""
        return None if self._prim is None else self._prim.name

    @property
    def shape(self) -> tuple[int, ...]:
        """The array shape."""
        return _shape_of(_raw(self._value))

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return np.ndim(_raw(self._value))

    @property
    def size(self) -> int:
        """The number of elements."""
        return int(np.size(_raw(self._value)))

    @property
    def dtype(self) -> np.dtype:
        """float64, or float32 when made from float32 data."""
        return np.asarray(_raw(self._value)).dtype

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self)):
            yield self[i]

    def numpy(self) -> np.ndarray:
        """The values as an ndarray (same as :attr:`data`)."""
        return self.data

    def item(self) -> float:
        """The single value of a size-1 tensor as a Python float."""
        if self.size != 1:
            raise ShapeError(f"item(): tensor of shape {self.shape} has more than one value")
        return float(self.data.reshape(()))

    def __float__(self) -> float:
        return self.item()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        arr = self.data
        return arr if dtype is None else arr.astype(dtype)

    def detach(self) -> Tensor:
        """A constant tensor with the same values, cut from the graph."""
        return _const(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="Tensor(")
        extra = ""
        if self._prim is not None:
            extra = f", op={self._prim.name}"
        elif self._level >= 0:
            extra = ", requires_grad=True"
        return f"Tensor({body}{extra})"

    __hash__ = object.__hash__

    # -------------------------------------------------------------- backward
    def backward(self, gradient: Any = None) -> None:
        """Backpropagate from this tensor into the ``.grad`` of every leaf it depends on.

        ``gradient`` is the cotangent of this tensor; it may be left out when the
        tensor has a single element. Gradients accumulate (``+=``) across calls.
        """
        if self._level < 0:
            raise InputValueError(
                "backward(): this tensor does not depend on any tensor with requires_grad=True")
        value = _raw(self._value)
        if gradient is None:
            shape = _shape_of(value)
            if len(shape) and np.size(value) != 1:
                raise ShapeError(
                    f"backward(): tensor of shape {self.shape} is not a scalar; pass "
                    "gradient= of the same shape, or use jacobian() for all partial derivatives")
            dtype = getattr(value, "dtype", None)
            seed = np.ones(shape, dtype) if dtype is not None else np.ones_like(value)
        else:
            seed = np.asarray(_raw(gradient), dtype=self.dtype)
            if seed.shape != self.shape:
                raise ShapeError(f"backward(): gradient of shape {seed.shape} does not match "
                                 f"tensor of shape {self.shape}")
        handed: set[int] = set()
        for node, g in _reverse(toposort(self), seed):
            g = _own(g, handed)
            node.grad = g if node.grad is None else node.grad + g

    # ------------------------------------------------------------- operators
    def __add__(self, other: Any) -> Any:
        return bind(_r.add_p, (self, other))

    def __radd__(self, other: Any) -> Any:
        return bind(_r.add_p, (other, self))

    def __sub__(self, other: Any) -> Any:
        return bind(_r.sub_p, (self, other))

    def __rsub__(self, other: Any) -> Any:
        return bind(_r.sub_p, (other, self))

    def __mul__(self, other: Any) -> Any:
        return bind(_r.mul_p, (self, other))

    def __rmul__(self, other: Any) -> Any:
        return bind(_r.mul_p, (other, self))

    def __truediv__(self, other: Any) -> Any:
        return bind(_r.div_p, (self, other))

    def __rtruediv__(self, other: Any) -> Any:
        return bind(_r.div_p, (other, self))

    def __pow__(self, other: Any) -> Any:
        return bind(_r.pow_p, (self, other))

    def __rpow__(self, other: Any) -> Any:
        return bind(_r.pow_p, (other, self))

    def __matmul__(self, other: Any) -> Any:
        return _r.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return _r.matmul(other, self)

    def __neg__(self) -> Any:
        return bind(_r.neg_p, (self,))

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Any:
        return bind(_r.abs_p, (self,))

    def __getitem__(self, idx: Any) -> Any:
        return _r.getitem(self, idx)

    # comparisons give plain boolean arrays: they have no derivative
    def __lt__(self, other: Any) -> np.ndarray:
        return self.data < _raw(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self.data <= _raw(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self.data > _raw(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self.data >= _raw(other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self.data == _raw(other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self.data != _raw(other)

    # --------------------------------------------------------------- methods
    @property
    def T(self) -> Any:
        """Reverse the axes (the transpose of a matrix)."""
        return _r.transpose(self)

    @property
    def mT(self) -> Any:
        """Swap the last two axes."""
        return _r.swap_last(self)

    def sum(self, axis: Any = None, keepdims: bool = False) -> Any:
        """Sum over ``axis`` (see :func:`mmlkit.autodiff.sum`)."""
        return _r.sum(self, axis, keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Any:
        """Mean over ``axis`` (see :func:`mmlkit.autodiff.mean`)."""
        return _r.mean(self, axis, keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Any:
        """Maximum over ``axis`` (see :func:`mmlkit.autodiff.max`)."""
        return _r.max(self, axis, keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> Any:
        """Minimum over ``axis`` (see :func:`mmlkit.autodiff.min`)."""
        return _r.min(self, axis, keepdims)

    def reshape(self, *shape: Any) -> Any:
        """The same values in a new shape: ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _r.reshape(self, shape)

    def transpose(self, *axes: Any) -> Any:
        """Permute the axes (reverse them when none are given)."""
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        return _r.transpose(self, axes or None)

    def exp(self) -> Any:
        """Elementwise exponential."""
        return bind(_r.exp_p, (self,))

    def log(self) -> Any:
        """Elementwise natural logarithm."""
        return bind(_r.log_p, (self,))

    def sqrt(self) -> Any:
        """Elementwise square root."""
        return bind(_r.sqrt_p, (self,))

    def tanh(self) -> Any:
        """Elementwise hyperbolic tangent."""
        return bind(_r.tanh_p, (self,))

    def sigmoid(self) -> Any:
        """Elementwise logistic sigmoid."""
        return bind(_r.sigmoid_p, (self,))

    def relu(self) -> Any:
        """Elementwise max(x, 0)."""
        return bind(_r.relu_p, (self,))


class Dual(Tensor):
    """A value together with its tangent (a dual number, MML §5.6: forward mode).

    The tangent may carry leading batch axes: ``tangent.shape == batch + value.shape``,
    which is how :func:`jacfwd` pushes all basis directions through at once.
    """

    __slots__ = ("_tangent",)

    @classmethod
    def _make(cls, value: Any, level: int, tangent: Any) -> Dual:
        d = cls.__new__(cls)
        d._value = value
        d._level = level
        d._prim = None
        d._vals = ()
        d._kw = _NOKW
        d._parents = ()
        d._seq = next(_SEQ)
        d.grad = None
        d._tangent = tangent
        return d

    @property
    def tangent(self) -> Any:
        return self._tangent

    def backward(self, gradient: Any = None) -> None:
        raise InputValueError("backward(): a forward-mode (dual) tensor has no tape; "
                              "use grad or vjp for reverse mode")


def toposort(root: Tensor) -> list[Tensor]:
    """Nodes of ``root``'s level that ``root`` depends on, inputs before outputs.

    Every tensor carries a creation stamp and an operation's output is made
    after its inputs, so sorting the reachable nodes by stamp orders them
    topologically; the search is iterative, so deep graphs never hit the
    recursion limit.
    """
    seen = {id(root): root}
    stack = [root]
    pop, push = stack.pop, stack.append
    while stack:
        for _, parent in pop()._parents:
            key = id(parent)
            if key not in seen:
                seen[key] = parent
                push(parent)
    order = list(seen.values())
    order.sort(key=_stamp)
    return order


_stamp = operator.attrgetter("_seq")


def backprop(order: list[Tensor], seed: Any) -> dict[int, Any]:
    """Reverse accumulation over ``order`` (from :func:`toposort`), seeded at its last node.

    Returns the cotangents of the leaves, keyed by ``id``. The first cotangent
    reaching a node is taken as it is; later ones are added, in place once the
    sum is an array of our own (MML §5.6, backpropagation).
    """
    return {id(leaf): g for leaf, g in _reverse(order, seed)}


def _reverse(order: list[Tensor], seed: Any) -> list[tuple[Tensor, Any]]:
    """The pass of :func:`backprop`: ``(leaf, cotangent)`` for every leaf reached."""
    grads: dict[int, Any] = {id(order[-1]): seed}
    pop, get = grads.pop, grads.get
    owned: set[int] = set()
    leaves: list[tuple[Tensor, Any]] = []
    ndarray = np.ndarray
    for node in reversed(order):
        g = pop(id(node), None)
        if g is None:
            continue
        prim = node._prim
        if prim is None:
            leaves.append((node, g))
            continue
        ans, vals, kw = node._value, node._vals, node._kw
        rules = prim.vjps
        nrules = len(rules)
        for i, parent in node._parents:
            rule = rules[i] if i < nrules else None
            gi = rule(g, ans, *vals, **kw) if rule is not None else prim.vjp(i, g, ans, vals, kw)
            pk = id(parent)
            prev = get(pk)
            if prev is None:
                grads[pk] = gi
            elif pk in owned and type(prev) is ndarray and type(gi) is ndarray \
                    and prev.shape == gi.shape and prev.dtype == gi.dtype:
                prev += gi
            else:
                grads[pk] = prev + gi
                owned.add(pk)
    return leaves


def _own(g: Any, handed: set[int]) -> Any:
    """A gradient array the caller may keep and modify (no read-only or shared views)."""
    if isinstance(g, Tensor):
        return g
    if (type(g) is not np.ndarray or g.base is not None or not g.flags.writeable
            or id(g) in handed):
        g = np.array(g)
    handed.add(id(g))
    return g


def is_grad_enabled() -> bool:
    """Whether operations are being recorded (False inside :func:`no_grad`)."""
    return _GRAD_ENABLED[0]


@contextmanager
def no_grad() -> Iterator[None]:
    """Context (or decorator) in which nothing is recorded: results are constants.

    Examples
    --------
    >>> from mmlkit.autodiff import Tensor, no_grad
    >>> w = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 3
    >>> y.requires_grad
    False
    """
    prev = _GRAD_ENABLED[0]
    _GRAD_ENABLED[0] = False
    try:
        yield
    finally:
        _GRAD_ENABLED[0] = prev


def tensor(data: Any, requires_grad: bool = False) -> Tensor:
    """Make a :class:`Tensor` (same as the constructor).

    Examples
    --------
    >>> from mmlkit.autodiff import tensor
    >>> tensor([[1, 2], [3, 4]]).shape
    (2, 2)
    """
    return Tensor(data, requires_grad=requires_grad)


from . import rules as _r  # noqa: E402  (operators are defined in the rule table)
