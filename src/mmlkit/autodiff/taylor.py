"""Taylor polynomials of scalar functions (MML §5.8).

.. math:: T_n(x) = \\sum_{k=0}^{n} \\frac{D^k_x f(x_0)}{k!}\\, \\delta^k, \\quad \\delta = x - x_0

where :math:`D^k_x f(x_0)` is the tensor of all k-th order partial derivatives
and :math:`\\delta^k` its k-fold contraction with :math:`\\delta` (MML eq. (5.151)).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._validation import as_float_array, check_positive_int
from ..errors import ShapeError
from .functional import grad, jacfwd
from .tensor import _raw

__all__ = ["derivative_tensor", "taylor", "TaylorPolynomial"]


def derivative_tensor(f: Callable[[Any], Any], x0: Any, k: int) -> np.ndarray:
    """All k-th order partial derivatives of scalar ``f`` at ``x0``: shape ``x0.shape * k``.

    The first derivative is reverse mode; each further order is forward mode on
    top (``jacfwd(... jacfwd(grad(f)))``).

    Examples
    --------
    >>> from mmlkit.autodiff import derivative_tensor
    >>> float(derivative_tensor(lambda x: x ** 4, 1.0, 3))
    24.0
    """
    k = check_positive_int(k, "k", minimum=0)
    x = as_float_array(x0, "x0")
    if x.ndim > 1:
        raise ShapeError(f"x0: expected a number or a 1-D array, got shape {x.shape}")
    if k == 0:
        return np.asarray(_raw(f(x)), dtype=x.dtype).reshape(())
    g = grad(f)
    for _ in range(k - 1):
        g = jacfwd(g)
    return np.asarray(g(x))


class TaylorPolynomial:
    """The Taylor polynomial of degree ``order`` of ``f`` at ``x0``.

    Attributes
    ----------
    x0 : ndarray
        The expansion point (0-d for a function of one variable, 1-D otherwise).
    derivatives : list of ndarray
        ``derivatives[k]`` is :math:`D^k f(x_0)`, of shape ``x0.shape * k``.
    """

    def __init__(self, x0: np.ndarray, derivatives: list[np.ndarray]) -> None:
        self.x0 = x0
        self.derivatives = derivatives

    @property
    def order(self) -> int:
        return len(self.derivatives) - 1

    def coefficients(self) -> list[np.ndarray]:
        """:math:`D^k f(x_0) / k!` for k = 0 .. order (the polynomial's coefficients)."""
        return [d / math.factorial(k) for k, d in enumerate(self.derivatives)]

    def __call__(self, x: Any) -> np.ndarray:
        """Evaluate at ``x``: a number/array of numbers (1 variable) or rows of points."""
        x = as_float_array(x, "x")
        dim = self.x0.shape[0] if self.x0.ndim else None
        if dim is None:
            delta = x - self.x0
            return sum(c * delta ** k for k, c in enumerate(self.coefficients()))
        if x.shape[-1:] != (dim,):
            raise ShapeError(f"x: expected points with {dim} coordinates, got shape {x.shape}")
        delta = (x - self.x0).reshape(-1, dim)
        total = np.zeros(delta.shape[0])
        for k, c in enumerate(self.coefficients()):
            r = np.broadcast_to(c.reshape(1, -1), (delta.shape[0], dim ** k))
            for _ in range(k):  # contract one index with delta per step
                r = np.einsum("nd,ndr->nr", delta, r.reshape(delta.shape[0], dim, -1))
            total += r.reshape(-1)
        return total.reshape(x.shape[:-1])

    def __repr__(self) -> str:
        return f"TaylorPolynomial(order={self.order}, x0={self.x0.tolist()})"


def taylor(f: Callable[[Any], Any], x0: Any, order: int) -> TaylorPolynomial:
    """Taylor polynomial of degree ``order`` of a scalar function at ``x0`` (MML §5.8).

    .. math:: T_n(x) = \\sum_{k=0}^{n} \\frac{D^k_x f(x_0)}{k!}\\, \\delta^k

    Examples
    --------
    MML Example 5.3, :math:`f(x) = x^4` at :math:`x_0 = 1`:

    >>> from mmlkit.autodiff import taylor
    >>> T = taylor(lambda x: x ** 4, 1.0, 4)
    >>> [float(c) for c in T.coefficients()]
    [1.0, 4.0, 6.0, 4.0, 1.0]
    >>> float(T(2.0))
    16.0
    """
    order = check_positive_int(order, "order", minimum=0)
    x = as_float_array(x0, "x0")
    derivs = [derivative_tensor(f, x, k) for k in range(order + 1)]
    return TaylorPolynomial(x, derivs)
