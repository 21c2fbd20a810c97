"""Conjugate updates against their derivations and posterior predictives against
numerical integration of likelihood x posterior (scipy.integrate.quad)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from mmlkit.prob import (
    Bernoulli,
    Beta,
    BetaBinomial,
    Binomial,
    Categorical,
    Dirichlet,
    Gamma,
    Gaussian,
    NegativeBinomial,
    Poisson,
    posterior,
    posterior_predictive,
)


def test_beta_bernoulli_update_and_sequential_equals_batch() -> None:
    data = np.array([1, 0, 1, 1, 1, 0, 1])
    post = posterior(Beta(2.0, 3.0), "bernoulli", data)
    assert (post.a, post.b) == (2.0 + 5, 3.0 + 2)
    step = Beta(2.0, 3.0)
    for x in data:
        step = posterior(step, Bernoulli, [x])
    assert (step.a, step.b) == (post.a, post.b)
    # posterior density is proportional to likelihood x prior (Bayes, MML eq. (6.23))
    mu = np.linspace(0.05, 0.95, 7)
    unnorm = mu**5 * (1 - mu) ** 2 * stats.beta(2, 3).pdf(mu)
    ratio = post.pdf(mu) / unnorm
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-10)


def test_beta_binomial_update_and_predictive() -> None:
    post = posterior(Beta(1.0, 1.0), Binomial, [3, 7, 5], n=10)
    assert (post.a, post.b) == (16.0, 16.0)
    pred = posterior_predictive(post, "binomial", n=6)
    assert isinstance(pred, BetaBinomial)
    for k in range(7):
        val, _ = integrate.quad(lambda p, k=k: stats.binom.pmf(k, 6, p) * post.pdf(p), 0, 1,
                                epsabs=1e-13)
        assert pred.pmf(k) == pytest.approx(val, rel=1e-8)


def test_bernoulli_predictive_is_posterior_mean() -> None:
    pred = posterior_predictive(Beta(3.0, 5.0), "bernoulli")
    val, _ = integrate.quad(lambda p: p * stats.beta(3, 5).pdf(p), 0, 1)
    assert pred.p == pytest.approx(val, rel=1e-10)


def test_gamma_poisson_update_and_predictive() -> None:
    data = [2, 0, 4, 3, 1]
    post = posterior(Gamma(2.0, 0.5), "poisson", data)
    assert (post.shape, post.rate) == (12.0, 5.5)
    pred = posterior_predictive(post, Poisson)
    assert isinstance(pred, NegativeBinomial)
    for k in [0, 1, 3, 8]:
        val, _ = integrate.quad(lambda lam, k=k: stats.poisson.pmf(k, lam) * post.pdf(lam),
                                0, np.inf, epsabs=1e-13)
        assert pred.pmf(k) == pytest.approx(val, rel=1e-8)


def test_dirichlet_categorical() -> None:
    post = posterior(Dirichlet([1.0, 1.0, 1.0]), "categorical", [0, 2, 2, 1, 2])
    np.testing.assert_array_equal(post.alpha, [2.0, 2.0, 4.0])
    pred = posterior_predictive(post, Categorical)
    np.testing.assert_allclose(pred.probs, [0.25, 0.25, 0.5])


def test_gaussian_mean_known_variance_univariate() -> None:
    m0, s0, s2 = 1.0, 2.0, 0.5
    x = np.array([2.1, 1.7, 2.9, 2.4])
    post = posterior(Gaussian(m0, s0), "gaussian", x, var=s2)
    # closed form: 1/sN = 1/s0 + N/s2, mN = sN (m0/s0 + sum(x)/s2)
    sN = 1.0 / (1.0 / s0 + x.size / s2)
    mN = sN * (m0 / s0 + x.sum() / s2)
    assert post.cov == pytest.approx(sN, rel=1e-13)
    assert post.mean == pytest.approx(mN, rel=1e-13)
    pred = posterior_predictive(post, "gaussian", var=s2)
    val, _ = integrate.quad(lambda m: stats.norm.pdf(2.0, m, np.sqrt(s2)) * post.pdf(m),
                            -np.inf, np.inf)
    assert pred.pdf(2.0) == pytest.approx(val, rel=1e-9)


def test_gaussian_mean_known_covariance_multivariate() -> None:
    rng = np.random.default_rng(0)
    S0 = np.array([[2.0, 0.3], [0.3, 1.0]])
    S = np.array([[0.5, 0.1], [0.1, 0.4]])
    m0 = np.array([0.0, 1.0])
    X = rng.normal(size=(6, 2)) + [1.0, -1.0]
    post = posterior(Gaussian(m0, S0), Gaussian, X, var=S)
    inv = np.linalg.inv
    SN = inv(inv(S0) + X.shape[0] * inv(S))
    mN = SN @ (inv(S0) @ m0 + inv(S) @ X.sum(axis=0))
    np.testing.assert_allclose(post.cov, SN, rtol=1e-12)
    np.testing.assert_allclose(post.mean, mN, rtol=1e-12)
    pred = posterior_predictive(post, "gaussian", var=S)
    np.testing.assert_allclose(pred.cov, SN + S, rtol=1e-12)


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: posterior(Beta(1, 1), "bernoulli", [0, 2]), ValueError, "0..1"),
        (lambda: posterior(Beta(1, 1), "binomial", [3]), ValueError, "trials"),
        (lambda: posterior(Beta(1, 1), "binomial", [11], n=10), ValueError, "0..10"),
        (lambda: posterior(Gamma(1, 1), "poisson", [1.5]), ValueError, "integers"),
        (lambda: posterior(Gamma(1, 1), "bernoulli", [1]), TypeError, "Beta"),
        (lambda: posterior(Beta(1, 1), "cauchy", [1]), ValueError, "one of"),
        (lambda: posterior(Gaussian(0.0, 1.0), "gaussian", [1.0]), ValueError, "var="),
        (lambda: posterior(Gaussian(0.0, 1.0), "gaussian", [1.0], var=-1.0), ValueError, "> 0"),
        (lambda: posterior(Dirichlet([1, 1]), "categorical", [2]), ValueError, "0..1"),
    ],
)
def test_conjugate_errors(call, exc, match) -> None:
    with pytest.raises(exc, match=match):
        call()
