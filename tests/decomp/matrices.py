"""Test matrices: LAPACK's test types (dlatms / dlatb4) and classic matrices.

Generated with NumPy only (orthogonal factors from numpy.linalg.qr of Gaussian
matrices); every matrix is deterministic.
"""

from __future__ import annotations

import math

import numpy as np

EPS = np.finfo(np.float64).eps
SMALL = 0.25 * np.finfo(np.float64).tiny / EPS     # dlatb4's "near underflow" norm
LARGE = 1.0 / SMALL                                 # and "near overflow"


def _orth(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    return Q * np.sign(np.diag(R))


def with_singular_values(m: int, n: int, s: np.ndarray, seed: int) -> np.ndarray:
    k = min(m, n)
    return (_orth(m, seed)[:, :k] * s[:k]) @ _orth(n, seed + 1)[:k, :]


def geometric(k: int, cond: float) -> np.ndarray:
    return np.geomspace(1.0, 1.0 / cond, k) if k > 1 else np.ones(k)


def general(m: int, n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """The general (possibly rectangular) test types."""
    rng = np.random.default_rng(seed)
    k = min(m, n)
    out = {
        "zero": np.zeros((m, n)),
        "identity": np.eye(m, n),
        "diagonal": np.diag(rng.uniform(-2, 2, k)) if m == n else np.eye(m, n) * 3.0,
        "cond2": with_singular_values(m, n, geometric(k, 2.0), seed),
        "cond_sqrt": with_singular_values(m, n, geometric(k, math.sqrt(0.1 / EPS)), seed + 2),
        "cond_big": with_singular_values(m, n, geometric(k, 0.1 / EPS), seed + 4),
        "clustered": with_singular_values(m, n, np.r_[1.0, np.full(max(k - 1, 0), EPS)],
                                          seed + 6),
        "random": rng.standard_normal((m, n)),
        "small": rng.standard_normal((m, n)) * SMALL,
        "large": rng.standard_normal((m, n)) * LARGE / max(m, n),
    }
    if n >= 3:
        for name, j in (("zero_first_col", 0), ("zero_mid_col", n // 2), ("zero_last_col", n - 1)):
            A = rng.standard_normal((m, n))
            A[:, j] = 0.0
            out[name] = A
    return out


def hilbert(n: int) -> np.ndarray:
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1.0)


def pascal(n: int) -> np.ndarray:
    return np.array([[math.comb(i + j, i) for j in range(n)] for i in range(n)], dtype=float)


def wilkinson(n: int = 21) -> np.ndarray:
    m = (n - 1) / 2
    return (np.diag(np.abs(np.arange(n) - m)) + np.diag(np.ones(n - 1), 1)
            + np.diag(np.ones(n - 1), -1))


ROSSER = np.array([
    [611, 196, -192, 407, -8, -52, -49, 29],
    [196, 899, 113, -192, -71, -43, -8, -44],
    [-192, 113, 899, 196, 61, 49, 8, 52],
    [407, -192, 196, 611, 8, 44, 59, -23],
    [-8, -71, 61, 8, 411, -599, 208, 208],
    [-52, -43, 49, 44, -599, 411, 208, 208],
    [-49, -8, 8, 59, 208, 208, 99, -911],
    [29, -44, 52, -23, 208, 208, -911, 99]], dtype=float)


def kahan(n: int, theta: float = 1.2) -> np.ndarray:
    s, c = math.sin(theta), math.cos(theta)
    return np.diag(s ** np.arange(n)) @ (np.eye(n) - c * np.triu(np.ones((n, n)), 1))


def jordan(n: int, lam: float = 2.0) -> np.ndarray:
    return lam * np.eye(n) + np.eye(n, k=1)


def classic() -> dict[str, np.ndarray]:
    return {
        "hilbert8": hilbert(8), "hilbert14": hilbert(14), "pascal10": pascal(10),
        "wilkinson21": wilkinson(21), "rosser": ROSSER, "kahan30": kahan(30),
        "jordan6": jordan(6),
    }


def symmetric(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Symmetric test types: Q diag(w) Q^T with the LAPACK spectra, plus classics."""
    rng = np.random.default_rng(seed)
    Q = _orth(n, seed + 10)
    sym = lambda w: (Q * w) @ Q.T  # noqa: E731
    signs = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    out = {
        "zero": np.zeros((n, n)), "identity": np.eye(n),
        "diagonal": np.diag(rng.uniform(-2, 2, n)),
        "cond2": sym(signs * geometric(n, 2.0)),
        "cond_sqrt": sym(signs * geometric(n, math.sqrt(0.1 / EPS))),
        "cond_big": sym(signs * geometric(n, 0.1 / EPS)),
        "clustered": sym(np.r_[1.0, np.full(n - 1, EPS)]),
        "random": (lambda X: X + X.T)(rng.standard_normal((n, n))),
        "small": sym(rng.uniform(-1, 1, n)) * SMALL,
        "large": sym(rng.uniform(-1, 1, n)) * LARGE,
    }
    return out


def spd(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    Q = _orth(n, seed + 20)
    sym = lambda w: (Q * w) @ Q.T  # noqa: E731
    return {
        "identity": np.eye(n), "diagonal": np.diag(np.linspace(1, 5, n)),
        "cond2": sym(geometric(n, 2.0)), "cond_sqrt": sym(geometric(n, math.sqrt(0.1 / EPS))),
        "small": sym(geometric(n, 10.0)) * SMALL, "large": sym(geometric(n, 10.0)) * LARGE,
        "clustered": sym(np.r_[1.0, np.full(n - 1, 1e-3)]),
    }
