"""Probability (MML ch. 6): log-densities against scipy.stats.

Every case evaluates the log-density (log-pmf) of the same distribution with the same
parameters at the same points. The scipy side is a *frozen* distribution
(``scipy.stats.norm(loc, scale).logpdf(x)``), the closest match to an mmlkit
distribution object. Discrete cases pass int64 points, continuous cases float64.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import stats

from mmlkit.prob import (
    Bernoulli,
    Beta,
    BetaBinomial,
    Binomial,
    Categorical,
    Gamma,
    Gaussian,
    NegativeBinomial,
    Poisson,
    Uniform,
)

from ._harness import Case

TITLE = "Probability (mmlkit.prob)"
N = 1_000_000


def _univariate(rng: np.random.Generator) -> list[tuple[str, object, object, np.ndarray, str]]:
    probs = rng.dirichlet(np.ones(10))
    return [
        ("Bernoulli(0.3) logpmf", Bernoulli(0.3), stats.bernoulli(0.3),
         rng.integers(0, 2, N), "bernoulli"),
        ("Binomial(20, 0.3) logpmf", Binomial(20, 0.3), stats.binom(20, 0.3),
         rng.integers(0, 21, N), "binom"),
        ("Categorical(10) logpmf", Categorical(probs),
         stats.rv_discrete(values=(np.arange(10), probs)), rng.integers(0, 10, N),
         "rv_discrete(values=...)"),
        ("Poisson(4) logpmf", Poisson(4.0), stats.poisson(4.0), rng.poisson(4.0, N), "poisson"),
        ("BetaBinomial(20, 2, 3) logpmf", BetaBinomial(20, 2.0, 3.0),
         stats.betabinom(20, 2.0, 3.0), rng.integers(0, 21, N), "betabinom"),
        ("NegativeBinomial(3.5, 0.4) logpmf", NegativeBinomial(3.5, 0.4),
         stats.nbinom(3.5, 0.4), rng.negative_binomial(3.5, 0.4, N), "nbinom"),
        ("Uniform(-1, 3) logpdf", Uniform(-1.0, 3.0), stats.uniform(-1.0, 4.0),
         rng.uniform(-2.0, 4.0, N), "uniform"),
        ("Gaussian(1.5, 4) logpdf", Gaussian(1.5, 4.0), stats.norm(1.5, 2.0),
         rng.normal(1.5, 2.0, N), "norm"),
        ("Beta(2.5, 3.5) logpdf", Beta(2.5, 3.5), stats.beta(2.5, 3.5),
         rng.uniform(-0.1, 1.1, N), "beta"),
        ("Gamma(2.5, rate 1.5) logpdf", Gamma(2.5, 1.5), stats.gamma(2.5, scale=1 / 1.5),
         rng.uniform(-1.0, 8.0, N), "gamma"),
    ]


def cases() -> Iterator[Case]:
    rng = np.random.default_rng(0)
    for name, ours, ref, x, ref_name in _univariate(rng):
        log_ours = ours.logpmf if hasattr(ours, "logpmf") else ours.logpdf
        log_ref = ref.logpmf if hasattr(ref, "logpmf") else ref.logpdf
        np.testing.assert_allclose(log_ours(x), log_ref(x), rtol=1e-9, atol=1e-12)
        yield Case(f"{name}, n=1e6", lambda f=log_ours, x=x: f(x),
                   lambda f=log_ref, x=x: f(x), f"scipy.stats.{ref_name} (frozen)",
                   target=1.0)

    d, n = 50, 100_000
    A = rng.normal(size=(d, d))
    S = A @ A.T / d + np.eye(d)
    mu = rng.normal(size=d)
    X = rng.normal(size=(n, d)) + mu
    g = Gaussian(mu, S)
    frozen = stats.multivariate_normal(mu, S)
    np.testing.assert_allclose(g.logpdf(X), frozen.logpdf(X), rtol=1e-9)
    yield Case("Gaussian d=50 logpdf, n=1e5", lambda: g.logpdf(X), lambda: frozen.logpdf(X),
               "scipy.stats.multivariate_normal (frozen)", target=1.0,
               note="Cholesky factor, L^-T as one matrix product")
    yield Case("Gaussian d=50 construct + logpdf, n=1e5",
               lambda: Gaussian(mu, S).logpdf(X),
               lambda: stats.multivariate_normal.logpdf(X, mu, S),
               "scipy.stats.multivariate_normal.logpdf (unfrozen)", target=1.0,
               note="includes the factorization of the covariance")
