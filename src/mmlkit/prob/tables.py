"""Discrete joint distributions as probability tables (MML sec. 6.3).

A joint table is an array ``P`` with one axis per random variable and
``P[i, j, ...] = p(X = i, Y = j, ...)``: entries >= 0 summing to 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import as_float_array
from ..errors import InputValueError, ShapeError

__all__ = ["joint_table", "marginalize", "condition", "product_rule", "bayes", "evidence",
           "is_independent"]


def joint_table(table: Any, name: str = "joint", *, tol: float = 1e-9) -> np.ndarray:
    """Validate a probability table: entries >= 0 that sum to 1 (within ``tol``).

    Examples
    --------
    >>> from mmlkit.prob import joint_table
    >>> joint_table([[0.25, 0.25], [0.5, 0.0]]).shape
    (2, 2)
    """
    P = as_float_array(table, name).astype(np.float64)
    if P.ndim == 0 or P.size == 0:
        raise ShapeError(f"{name}: a probability table needs at least one axis and one entry")
    if (P < 0).any():
        raise InputValueError(f"{name}: probabilities must be >= 0, found {P.min()}")
    total = float(P.sum())
    if abs(total - 1.0) > tol:
        raise InputValueError(f"{name}: probabilities must sum to 1, they sum to {total!r}")
    return P


def _axes(axis: Any, ndim: int) -> tuple[int, ...]:
    items = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    out = []
    for a in items:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)) or not -ndim <= a < ndim:
            raise InputValueError(f"axis: {a!r} is not an axis of a {ndim}-D table")
        out.append(int(a) % ndim)
    return tuple(out)


def marginalize(joint: Any, axis: Any) -> np.ndarray:
    r"""Sum rule (MML eq. (6.20)): sum the variables on ``axis`` out of the joint.

    .. math:: p(x) = \sum_y p(x, y)

    Examples
    --------
    >>> from mmlkit.prob import marginalize
    >>> marginalize([[0.1, 0.3], [0.2, 0.4]], axis=1).tolist()
    [0.4, 0.6000000000000001]
    """
    P = joint_table(joint)
    return P.sum(axis=_axes(axis, P.ndim))


def condition(joint: Any, axis: int, index: int) -> np.ndarray:
    r"""Product rule (MML eq. (6.22)): ``p(rest | X_axis = index) = p(rest, x) / p(x)``.

    .. math:: p(y \mid x) = \frac{p(x, y)}{p(x)}

    Examples
    --------
    >>> from mmlkit.prob import condition
    >>> condition([[0.1, 0.3], [0.2, 0.4]], axis=0, index=0).round(12).tolist()
    [0.25, 0.75]
    """
    P = joint_table(joint)
    (ax,) = _axes(axis, P.ndim)
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not (
            0 <= index < P.shape[ax]):
        raise InputValueError(f"index: {index!r} is not a value of axis {ax} "
                              f"(0..{P.shape[ax] - 1})")
    slab = np.take(P, int(index), axis=ax)
    px = float(slab.sum())
    if px == 0:
        raise InputValueError(f"index: p(X_{ax} = {index}) is 0; conditioning on it is "
                              "undefined")
    return slab / px


def product_rule(marginal: Any, conditional: Any) -> np.ndarray:
    r"""Joint from ``p(x)`` (shape ``(n,)``) and ``p(y | x)`` (rows ``x``, shape ``(n, m)``).

    .. math:: p(x, y) = p(y \mid x)\, p(x)

    Examples
    --------
    >>> from mmlkit.prob import product_rule
    >>> product_rule([0.5, 0.5], [[1.0, 0.0], [0.5, 0.5]]).tolist()
    [[0.5, 0.0], [0.25, 0.25]]
    """
    px = joint_table(marginal, "marginal")
    C = as_float_array(conditional, "conditional", ndim=2).astype(np.float64)
    if px.ndim != 1 or C.shape[0] != px.size:
        raise ShapeError(f"conditional: expected {px.size} rows (one per value of x), got "
                         f"shape {C.shape}")
    for i, row in enumerate(C):
        joint_table(row, f"conditional[{i}]")
    return px[:, None] * C


def evidence(prior: Any, likelihood: Any) -> float:
    r"""Marginal likelihood ``p(y) = sum_x p(y | x) p(x)`` (MML eq. (6.24)).

    .. math:: p(y) = \sum_x p(y \mid x)\, p(x)

    Examples
    --------
    >>> from mmlkit.prob import evidence
    >>> evidence([0.5, 0.5], [0.9, 0.3])
    0.6
    """
    px = joint_table(prior, "prior")
    lik = as_float_array(likelihood, "likelihood").astype(np.float64)
    if lik.shape != px.shape:
        raise ShapeError(f"likelihood: shape {lik.shape} does not match prior {px.shape}")
    if (lik < 0).any() or (lik > 1).any():
        raise InputValueError("likelihood: values p(y | x) must lie in [0, 1]")
    return float(np.sum(lik * px))


def bayes(prior: Any, likelihood: Any) -> np.ndarray:
    r"""Bayes' theorem (MML eq. (6.23)): posterior over ``x`` after observing ``y``.

    ``prior[i] = p(x_i)``, ``likelihood[i] = p(y | x_i)`` for the observed ``y``.

    .. math:: p(x \mid y) = \frac{p(y \mid x)\, p(x)}{p(y)}

    Examples
    --------
    >>> from mmlkit.prob import bayes
    >>> bayes([0.01, 0.99], [0.9, 0.05]).round(4).tolist()   # disease test
    [0.1538, 0.8462]
    """
    p_y = evidence(prior, likelihood)
    if p_y == 0:
        raise InputValueError("likelihood: the observation has probability 0 under the prior")
    return np.asarray(likelihood, dtype=np.float64) * joint_table(prior, "prior") / p_y


def is_independent(joint: Any, *, atol: float = 1e-10) -> bool:
    r"""True when the joint factorizes into its marginals (MML eq. (6.53)).

    .. math:: p(x, y) = p(x)\, p(y)

    Examples
    --------
    >>> from mmlkit.prob import is_independent
    >>> is_independent([[0.08, 0.12], [0.32, 0.48]]), is_independent([[0.5, 0.0], [0.0, 0.5]])
    (True, False)
    """
    P = joint_table(joint)
    prod = np.ones(())
    for ax in range(P.ndim):
        others = tuple(a for a in range(P.ndim) if a != ax)
        prod = np.multiply.outer(prod, P.sum(axis=others)) if others else P
    return bool(np.allclose(P, prod, rtol=0.0, atol=atol))
