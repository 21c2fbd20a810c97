"""First-order optimizers for training loops, learning-rate schedules and mini-batches.

Each optimizer keeps its own state and updates a list of parameter arrays in place,
given their gradients: ``opt.step(params, grads)``. The updates follow the published
equations (cited on each class) in the same form as ``torch.optim``, so the same
gradients give the same iterates.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from .._validation import check_positive_int, check_random_state
from ..errors import InputTypeError, InputValueError, ShapeError

__all__ = [
    "Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
    "StepLR", "ExponentialLR", "CosineLR", "minibatches",
]

LearningRate = float | Callable[[int], float]


def _check_real(value: Any, name: str, *, low: float, high: float = math.inf,
                open_low: bool = False, open_high: bool = False) -> float:
    """A finite real in [low, high] (ends open when asked); clear errors otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name}: expected a real number, got {value!r}")
    v = float(value)
    bad_low = v <= low if open_low else v < low
    bad_high = v >= high if open_high else v > high
    if not math.isfinite(v) or bad_low or bad_high:
        lo, hi = "(" if open_low else "[", ")" if open_high else "]"
        raise InputValueError(f"{name}: must lie in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


def _check_lr(lr: Any) -> LearningRate:
    if callable(lr):
        return lr
    return _check_real(lr, "lr", low=0.0, open_low=True)


class Optimizer:
    """Base class: state per parameter, a step counter and an optional lr schedule.

    Parameters
    ----------
    lr : float or callable
        Step size, or a schedule ``lr(t)`` of the number ``t`` of steps taken so far
        (see :class:`StepLR`, :class:`ExponentialLR`, :class:`CosineLR`).
    weight_decay : float, default 0
        Adds ``weight_decay * p`` to each gradient (an L2 penalty), as ``torch.optim``.
    """

    def __init__(self, lr: LearningRate, *, weight_decay: float = 0.0):
        self.lr = _check_lr(lr)
        self.weight_decay = _check_real(weight_decay, "weight_decay", low=0.0)
        self.t = 0
        self.state: list[dict[str, np.ndarray]] = []

    def current_lr(self) -> float:
        """The step size the next ``step`` will use."""
        if callable(self.lr):
            return _check_real(self.lr(self.t), f"lr({self.t})", low=0.0)
        return self.lr

    def reset(self) -> None:
        """Forget the state (moments, step count)."""
        self.t = 0
        self.state = []

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place from ``grads``."""
        params, grads = _check_pairs(params, grads, type(self).__name__)
        if not self.state:
            self.state = [{} for _ in params]
        elif len(self.state) != len(params):
            raise ShapeError(f"{type(self).__name__}.step: got {len(params)} parameters, "
                             f"the state holds {len(self.state)}; call reset() to start over")
        lr = self.current_lr()
        self.t += 1
        for p, g, s in zip(params, grads, self.state, strict=True):
            if self.weight_decay:
                g = g + self.weight_decay * p
            p -= self._delta(g, s, lr).astype(p.dtype, copy=False)

    def _delta(self, g: np.ndarray, s: dict[str, np.ndarray], lr: float) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr!r})"


def _check_pairs(params: Any, grads: Any, who: str) -> tuple[list, list[np.ndarray]]:
    """params: writable float arrays; grads: arrays of the same shapes."""
    if isinstance(params, np.ndarray) or isinstance(grads, np.ndarray):
        raise InputTypeError(f"{who}.step: params and grads must be lists of arrays")
    params, grads = list(params), list(grads)
    if len(params) != len(grads):
        raise ShapeError(f"{who}.step: {len(params)} params but {len(grads)} grads")
    out = []
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise InputTypeError(f"{who}.step: params[{i}] must be a float ndarray "
                                 "(updated in place)")
        g = np.asarray(g, dtype=p.dtype)
        if g.shape != p.shape:
            raise ShapeError(f"{who}.step: grads[{i}] has shape {g.shape}, "
                             f"params[{i}] has shape {p.shape}")
        if not np.isfinite(g).all():
            raise InputValueError(f"{who}.step: grads[{i}] contains NaN or infinity")
        out.append(g)
    return params, out


class SGD(Optimizer):
    r"""Plain stochastic gradient descent (MML eq. (7.15)).

    .. math:: \theta_{t+1} = \theta_t - \gamma_t g_t

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([1.0, 2.0])
    >>> SGD(lr=0.1).step([p], [np.array([1.0, -1.0])])
    >>> p
    array([0.9, 2.1])
    """

    def __init__(self, lr: LearningRate = 0.01, *, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay=weight_decay)

    def _delta(self, g, s, lr):
        return lr * g


class Momentum(Optimizer):
    r"""Gradient descent with (heavy-ball) momentum (MML eq. (7.11), Polyak 1964).

    .. math:: v_{t+1} = \beta v_t + g_t, \qquad \theta_{t+1} = \theta_t - \gamma v_{t+1}

    With a constant step this is MML's
    :math:`\theta_{t+1} = \theta_t - \gamma g_t + \beta\,\Delta\theta_t`.

    Examples
    --------
    >>> import numpy as np
    >>> p, opt = np.array([0.0]), Momentum(lr=0.1, beta=0.9)
    >>> for _ in range(2):
    ...     opt.step([p], [np.array([1.0])])
    >>> p                       # -0.1, then -0.1 - 0.1 * (0.9 + 1)
    array([-0.29])
    """

    def __init__(self, lr: LearningRate = 0.01, beta: float = 0.9, *,
                 weight_decay: float = 0.0):
        super().__init__(lr, weight_decay=weight_decay)
        self.beta = _check_real(beta, "beta", low=0.0, high=1.0, open_high=True)

    def _delta(self, g, s, lr):
        s["v"] = self.beta * s["v"] + g if "v" in s else g.copy()
        return lr * s["v"]


class Nesterov(Momentum):
    r"""Nesterov's accelerated gradient in the form of Sutskever et al. (2013).

    .. math:: v_{t+1} = \beta v_t + g_t, \qquad
              \theta_{t+1} = \theta_t - \gamma\,(g_t + \beta v_{t+1})

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.0])
    >>> Nesterov(lr=0.1, beta=0.9).step([p], [np.array([1.0])])
    >>> p                       # -0.1 * (1 + 0.9)
    array([-0.19])
    """

    def _delta(self, g, s, lr):
        v = super()._delta(g, s, 1.0)
        return lr * (g + self.beta * v)


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan and Singer 2011): per-coordinate steps from summed squares.

    .. math:: G_t = G_{t-1} + g_t^2, \qquad
              \theta_{t+1} = \theta_t - \gamma\, g_t / (\sqrt{G_t} + \epsilon)

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([1.0, 1.0])
    >>> AdaGrad(lr=0.5).step([p], [np.array([4.0, -0.01])])
    >>> p.round(6)              # the first step moves each coordinate by lr
    array([0.5, 1.5])
    """

    def __init__(self, lr: LearningRate = 0.01, *, eps: float = 1e-10,
                 weight_decay: float = 0.0):
        super().__init__(lr, weight_decay=weight_decay)
        self.eps = _check_real(eps, "eps", low=0.0)

    def _delta(self, g, s, lr):
        s["G"] = s["G"] + g * g if "G" in s else g * g
        return lr * g / (np.sqrt(s["G"]) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp (Tieleman and Hinton 2012): a moving average of squared gradients.

    .. math:: v_t = \rho v_{t-1} + (1 - \rho) g_t^2, \qquad
              \theta_{t+1} = \theta_t - \gamma\, g_t / (\sqrt{v_t} + \epsilon)

    Defaults are those of ``torch.optim.RMSprop`` (``rho`` is its ``alpha``).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.0])
    >>> RMSProp(lr=0.01, rho=0.99).step([p], [np.array([2.0])])
    >>> p.round(6)              # 0.01 * 2 / sqrt(0.01 * 4)
    array([-0.1])
    """

    def __init__(self, lr: LearningRate = 0.01, rho: float = 0.99, *, eps: float = 1e-8,
                 weight_decay: float = 0.0):
        super().__init__(lr, weight_decay=weight_decay)
        self.rho = _check_real(rho, "rho", low=0.0, high=1.0, open_high=True)
        self.eps = _check_real(eps, "eps", low=0.0)

    def _delta(self, g, s, lr):
        v = s.get("v", np.zeros_like(g))
        s["v"] = self.rho * v + (1.0 - self.rho) * (g * g)
        return lr * g / (np.sqrt(s["v"]) + self.eps)


class Adam(Optimizer):
    r"""Adam (Kingma and Ba 2015, Algorithm 1) with bias-corrected moments.

    .. math:: m_t = b_1 m_{t-1} + (1-b_1) g_t, \quad v_t = b_2 v_{t-1} + (1-b_2) g_t^2,
              \quad \theta_{t+1} = \theta_t - \gamma\,
              \frac{m_t / (1-b_1^t)}{\sqrt{v_t / (1-b_2^t)} + \epsilon}

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([1.0, 1.0])
    >>> Adam(lr=0.1).step([p], [np.array([3.0, -0.5])])
    >>> p.round(6)              # bias correction: the first step is lr * sign(g)
    array([0.9, 1.1])
    """

    def __init__(self, lr: LearningRate = 0.001, b1: float = 0.9, b2: float = 0.999, *,
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay=weight_decay)
        self.b1 = _check_real(b1, "b1", low=0.0, high=1.0, open_high=True)
        self.b2 = _check_real(b2, "b2", low=0.0, high=1.0, open_high=True)
        self.eps = _check_real(eps, "eps", low=0.0)

    def _delta(self, g, s, lr):
        m, v = s.get("m", np.zeros_like(g)), s.get("v", np.zeros_like(g))
        s["m"] = self.b1 * m + (1.0 - self.b1) * g
        s["v"] = self.b2 * v + (1.0 - self.b2) * (g * g)
        m_hat = s["m"] / (1.0 - self.b1 ** self.t)      # self.t already counts this step
        v_hat = s["v"] / (1.0 - self.b2 ** self.t)
        return lr * m_hat / (np.sqrt(v_hat) + self.eps)


class _Schedule:
    """A learning rate as a function of the number ``t`` of steps taken."""

    def __call__(self, t: int) -> float:
        t = check_positive_int(t, "t", minimum=0)
        return self._at(t)

    def values(self, n: int) -> np.ndarray:
        """The first ``n`` learning rates."""
        return np.array([self(t) for t in range(check_positive_int(n, "n", minimum=0))])

    def _at(self, t: int) -> float:
        raise NotImplementedError


class StepLR(_Schedule):
    r"""Multiply the rate by ``gamma`` every ``step_size`` steps.

    .. math:: \gamma_t = \gamma_0 \cdot \mathrm{gamma}^{\lfloor t / \mathrm{step\_size} \rfloor}

    Examples
    --------
    >>> StepLR(1.0, step_size=2, gamma=0.5).values(5)
    array([1.  , 1.  , 0.5 , 0.5 , 0.25])
    """

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1):
        self.lr = _check_real(lr, "lr", low=0.0, open_low=True)
        self.step_size = check_positive_int(step_size, "step_size")
        self.gamma = _check_real(gamma, "gamma", low=0.0, open_low=True)

    def _at(self, t):
        return self.lr * self.gamma ** (t // self.step_size)


class ExponentialLR(_Schedule):
    r"""Multiply the rate by ``gamma`` every step.

    .. math:: \gamma_t = \gamma_0 \cdot \mathrm{gamma}^t

    Examples
    --------
    >>> ExponentialLR(1.0, gamma=0.5).values(3)
    array([1.  , 0.5 , 0.25])
    """

    def __init__(self, lr: float, gamma: float):
        self.lr = _check_real(lr, "lr", low=0.0, open_low=True)
        self.gamma = _check_real(gamma, "gamma", low=0.0, open_low=True)

    def _at(self, t):
        return self.lr * self.gamma ** t


class CosineLR(_Schedule):
    r"""Cosine annealing (Loshchilov and Hutter 2017) from ``lr`` to ``lr_min``.

    .. math:: \gamma_t = \gamma_{\min} + \tfrac12(\gamma_0 - \gamma_{\min})
              \bigl(1 + \cos(\pi \min(t, T)/T)\bigr)

    The rate stays at ``lr_min`` after ``t_max`` steps.

    Examples
    --------
    >>> CosineLR(1.0, t_max=2).values(4)
    array([1. , 0.5, 0. , 0. ])
    """

    def __init__(self, lr: float, t_max: int, lr_min: float = 0.0):
        self.lr = _check_real(lr, "lr", low=0.0, open_low=True)
        self.t_max = check_positive_int(t_max, "t_max")
        self.lr_min = _check_real(lr_min, "lr_min", low=0.0, high=self.lr)

    def _at(self, t):
        frac = min(t, self.t_max) / self.t_max
        return self.lr_min + 0.5 * (self.lr - self.lr_min) * (1.0 + math.cos(math.pi * frac))


def minibatches(*arrays: Any, batch_size: int = 32, shuffle: bool = True,
                random_state: Any = None, drop_last: bool = False
                ) -> Iterator[tuple[np.ndarray, ...]]:
    """One epoch of mini-batches of the rows of ``arrays`` (MML section 7.1.3).

    Parameters
    ----------
    *arrays : array-likes with the same number of rows
    batch_size : int
    shuffle : bool
        Visit the rows in a random order drawn from ``random_state``.
    random_state : None, int or numpy.random.Generator
    drop_last : bool
        Leave out the last batch when it is smaller than ``batch_size``.

    Yields
    ------
    tuple of ndarray
        The rows of each array for this batch (a tuple even for one array).

    Examples
    --------
    >>> import numpy as np
    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [b[1].tolist() for b in minibatches(X, y, batch_size=2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> sorted(int(i) for (yb,) in minibatches(y, batch_size=2, random_state=0) for i in yb)
    [0, 1, 2, 3, 4]
    """
    idx_batches = batch_indices(_n_rows(arrays), batch_size, shuffle=shuffle,
                                random_state=random_state, drop_last=drop_last)
    arrs = [np.asarray(a) for a in arrays]
    for idx in idx_batches:
        yield tuple(a[idx] for a in arrs)


def _n_rows(arrays: Sequence[Any]) -> int:
    if not arrays:
        raise InputValueError("minibatches: give at least one array")
    lengths = []
    for i, a in enumerate(arrays):
        shape = np.shape(a)
        if len(shape) == 0:
            raise ShapeError(f"minibatches: array {i} is a scalar; rows are needed")
        lengths.append(shape[0])
    if len(set(lengths)) != 1:
        raise ShapeError(f"minibatches: arrays have different numbers of rows: {lengths}")
    return lengths[0]


def batch_indices(n_samples: int, batch_size: int, *, shuffle: bool = True,
                  random_state: Any = None, drop_last: bool = False) -> list[np.ndarray]:
    """Index arrays of one epoch of mini-batches over ``range(n_samples)``.

    Examples
    --------
    >>> [b.tolist() for b in batch_indices(5, 2, shuffle=False, drop_last=True)]
    [[0, 1], [2, 3]]
    """
    n = check_positive_int(n_samples, "n_samples", minimum=0)
    size = check_positive_int(batch_size, "batch_size")
    order = check_random_state(random_state).permutation(n) if shuffle else np.arange(n)
    stop = n - n % size if drop_last else n
    return [order[i:i + size] for i in range(0, stop, size)]
