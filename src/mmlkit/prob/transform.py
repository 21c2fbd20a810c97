r"""Change of variables: the density of ``Y = g(X)`` for an invertible ``g`` (MML sec. 6.7).

.. math:: p_Y(\mathbf y) = p_X\big(g^{-1}(\mathbf y)\big)\,
          \left|\det \frac{\partial g^{-1}}{\partial \mathbf y}\right|

The Jacobian of ``g^{-1}`` comes from :mod:`mmlkit.autodiff`, so ``inverse`` must be
written with its functions and Python operators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputValueError, ShapeError
from .distributions._base import ContinuousDistribution, Distribution
from .gaussian import Gaussian

__all__ = ["TransformedDistribution", "change_of_variables"]


def _data(v: Any) -> np.ndarray:
    return np.asarray(getattr(v, "data", v), dtype=np.float64)


class TransformedDistribution(ContinuousDistribution):
    """Distribution of ``Y = g(X)`` given ``X``'s distribution and ``g^{-1}``.

    For scalar ``X`` the inverse acts elementwise, and one reverse pass over
    ``sum(g^{-1}(y))`` gives every derivative ``(g^{-1})'(y_i)`` at once; for vector
    ``X`` each point's Jacobian is formed and its determinant taken with LU.
    """

    def __init__(self, base: Distribution, inverse: Callable[[Any], Any],
                 forward: Callable[[Any], Any] | None = None) -> None:
        if not isinstance(base, ContinuousDistribution):
            raise InputValueError("base: change of variables needs a continuous distribution")
        if not callable(inverse) or (forward is not None and not callable(forward)):
            raise InputValueError("inverse and forward must be callables")
        self.base, self.inverse, self.forward = base, inverse, forward
        self._vector = base.event_ndim == 1 or (isinstance(base, Gaussian)
                                                and not base.is_univariate)
        self.event_ndim = 1 if self._vector else 0

    def _params(self) -> dict[str, Any]:
        return {"base": self.base}

    def _log_abs_det(self, y: np.ndarray) -> np.ndarray:
        from .. import autodiff

        if not self._vector:
            deriv = autodiff.grad(lambda t: autodiff.sum(self.inverse(t)))(y)
            with np.errstate(divide="ignore"):
                return np.log(np.abs(_data(deriv)))
        from ..decomp import det

        jac = autodiff.jacobian(self.inverse)
        rows = y.reshape(-1, y.shape[-1])
        out = np.array([np.log(abs(float(det(_data(jac(r)))))) for r in rows])
        return out.reshape(y.shape[:-1])

    def _logpdf(self, y: np.ndarray) -> np.ndarray:
        if self._vector and y.ndim == 0:
            raise ShapeError("y: points of a vector distribution need a last axis")
        from .. import autodiff

        x = _data(self.inverse(autodiff.tensor(y)))
        return np.asarray(self.base.logpdf(x)) + self._log_abs_det(y)

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.forward is None:
            raise InputValueError("sample: pass forward=g to sample from the transformed "
                                  "distribution")
        return _data(self.forward(self.base._sample(rng, n)))


def change_of_variables(base: Distribution, inverse: Callable[[Any], Any],
                        forward: Callable[[Any], Any] | None = None) -> TransformedDistribution:
    r"""The distribution of ``Y = g(X)``, given ``X ~ base`` and ``inverse = g^{-1}``.

    .. math:: p_Y(y) = p_X(g^{-1}(y)) \left|\frac{d g^{-1}}{dy}\right|

    Parameters
    ----------
    base : ContinuousDistribution
        Distribution of ``X``.
    inverse : callable
        ``g^{-1}``, written with :mod:`mmlkit.autodiff` functions and operators.
    forward : callable, optional
        ``g`` itself, needed only for ``sample``.

    Examples
    --------
    >>> import mmlkit.autodiff as ad
    >>> from mmlkit.prob import Uniform, change_of_variables
    >>> y = change_of_variables(Uniform(0.0, 1.0), ad.sqrt)   # Y = X^2, X = sqrt(Y)
    >>> y.pdf([0.25, 1.0]).round(12).tolist()                # 1 / (2 sqrt(y))
    [1.0, 0.5]
    """
    return TransformedDistribution(base, inverse, forward)
