"""Special functions against scipy.special; the exponential-family view and change of
variables against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

import mmlkit.autodiff as ad
from mmlkit.prob import (
    Bernoulli,
    Beta,
    Binomial,
    Dirichlet,
    Gaussian,
    Poisson,
    change_of_variables,
    exponential_family,
)
from mmlkit.prob import _special as sp

X = np.concatenate([np.geomspace(1e-4, 1e4, 300), [0.5, 1.5, 2.5, 7.25, 14.9, 15.1]])


def test_gammaln_digamma_match_scipy() -> None:
    np.testing.assert_allclose(sp.gammaln(X), special.gammaln(X), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(sp.digamma(X), special.digamma(X), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(sp.betaln(X, X[::-1]), special.betaln(X, X[::-1]),
                               rtol=1e-12, atol=1e-13)
    k = np.arange(1, 3000)
    np.testing.assert_allclose(sp.lgamma_int(k), special.gammaln(k), rtol=1e-15, atol=0)


@pytest.mark.parametrize("a", [0.5, 1.0, 2.5, 10.0, 150.0])
def test_incomplete_gamma_matches_scipy(a) -> None:
    x = np.concatenate([[0.0], np.geomspace(1e-3, 600, 200), [np.inf]])
    np.testing.assert_allclose(sp.gammainc(a, x), special.gammainc(a, x), rtol=1e-11,
                               atol=1e-300)
    np.testing.assert_allclose(sp.gammaincc(a, x), special.gammaincc(a, x), rtol=1e-11,
                               atol=1e-300)


@pytest.mark.parametrize("a, b", [(0.3, 0.7), (1.0, 1.0), (2.5, 8.0), (40.0, 3.0), (200, 150)])
def test_incomplete_beta_matches_scipy(a, b) -> None:
    x = np.concatenate([[0.0], np.linspace(1e-4, 1 - 1e-4, 201), [1.0]])
    np.testing.assert_allclose(sp.betainc(a, b, x), special.betainc(a, b, x), rtol=1e-11,
                               atol=1e-300)


def test_ndtr_matches_scipy() -> None:
    z = np.linspace(-38, 9, 1001)
    np.testing.assert_allclose(sp.ndtr(z), special.ndtr(z), rtol=1e-11, atol=1e-300)


# ---------------------------------------------------------------- exponential family
@pytest.mark.parametrize(
    "dist, ref, x, mean_T",
    [
        (Bernoulli(0.3), stats.bernoulli(0.3), np.array([0.0, 1.0]), [0.3]),
        (Binomial(7, 0.4), stats.binom(7, 0.4), np.arange(8.0), [2.8]),
        (Poisson(3.5), stats.poisson(3.5), np.arange(12.0), [3.5]),
        (Gaussian(1.5, 2.0), stats.norm(1.5, np.sqrt(2.0)), np.linspace(-3, 5, 9),
         [1.5, 2.0 + 1.5**2]),
    ],
)
def test_exponential_family(dist, ref, x, mean_T) -> None:
    ef = exponential_family(dist)
    logp = ref.logpmf(x) if hasattr(ref, "logpmf") else ref.logpdf(x)
    np.testing.assert_allclose(ef.logpdf(x), logp, rtol=1e-10)
    # grad A(eta) = E[T(x)] (MML sec. 6.6.3), the gradient taken by mmlkit.autodiff
    np.testing.assert_allclose(ef.mean_parameters(), mean_T, rtol=1e-10)


def test_exponential_family_unsupported() -> None:
    with pytest.raises(ValueError, match="not available"):
        exponential_family(Beta(2, 2))
    with pytest.raises(ValueError, match="0 < p < 1"):
        exponential_family(Bernoulli(1.0))


# ---------------------------------------------------------------- change of variables
def test_exp_of_gaussian_is_lognormal() -> None:
    t = change_of_variables(Gaussian(0.5, 0.25), ad.log, ad.exp)
    y = np.array([0.05, 0.5, 1.0, 2.0, 7.0])
    ref = stats.lognorm(s=0.5, scale=np.exp(0.5))
    np.testing.assert_allclose(t.logpdf(y), ref.logpdf(y), rtol=1e-12)
    np.testing.assert_allclose(t.pdf(1.3), ref.pdf(1.3), rtol=1e-12)
    s = t.sample(20_000, random_state=0)
    assert stats.kstest(s, ref.cdf).pvalue > 1e-3


def test_square_of_uniform_via_sqrt() -> None:
    # X ~ U(0, 1), Y = X^2: p(y) = 1 / (2 sqrt(y)) = Beta(1/2, 1)
    from mmlkit.prob import Uniform

    t = change_of_variables(Uniform(0.0, 1.0), ad.sqrt)
    y = np.array([0.01, 0.25, 0.5, 0.9])
    np.testing.assert_allclose(t.pdf(y), stats.beta(0.5, 1.0).pdf(y), rtol=1e-12)
    with pytest.raises(ValueError, match="forward"):
        t.sample(3)


def test_linear_map_of_gaussian_matches_affine() -> None:
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    b = np.array([1.0, -1.0])
    Ai = np.linalg.inv(A)
    g = Gaussian([0.0, 1.0], [[1.0, 0.3], [0.3, 2.0]])
    t = change_of_variables(g, lambda y: (y - b) @ Ai.T, lambda x: x @ A.T + b)
    Y = np.random.default_rng(3).normal(size=(6, 2))
    ref = stats.multivariate_normal(A @ g.mean + b, A @ g.cov @ A.T)
    np.testing.assert_allclose(t.logpdf(Y), ref.logpdf(Y), rtol=1e-10)


def test_softmax_like_map_on_dirichlet_rejected_for_discrete() -> None:
    with pytest.raises(ValueError, match="continuous"):
        change_of_variables(Poisson(1.0), ad.log)
    t = change_of_variables(Dirichlet([2.0, 2.0]), lambda y: y)
    assert np.isfinite(t.logpdf([0.3, 0.7]))
