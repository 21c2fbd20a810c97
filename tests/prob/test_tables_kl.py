"""Joint tables (sum rule, product rule, Bayes, independence) and closed-form KL
divergences against numerical integration / summation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from mmlkit.prob import (
    Bernoulli,
    Beta,
    Binomial,
    Categorical,
    Dirichlet,
    Gamma,
    Gaussian,
    Poisson,
    Uniform,
    bayes,
    condition,
    evidence,
    is_independent,
    joint_table,
    kl_divergence,
    marginalize,
    product_rule,
)

P = np.array([[0.10, 0.05, 0.15],
              [0.20, 0.25, 0.05],
              [0.05, 0.05, 0.10]])
P3 = np.random.default_rng(0).dirichlet(np.ones(24)).reshape(2, 3, 4)


def test_sum_rule() -> None:
    np.testing.assert_allclose(marginalize(P, 1), P.sum(axis=1))
    np.testing.assert_allclose(marginalize(P3, (0, 2)), P3.sum(axis=(0, 2)))
    np.testing.assert_allclose(marginalize(P3, -1), P3.sum(axis=2))


def test_product_rule_round_trip() -> None:
    px = P.sum(axis=1)
    cond = np.stack([condition(P, 0, i) for i in range(3)])
    np.testing.assert_allclose(cond, P / px[:, None], rtol=1e-14)
    np.testing.assert_allclose(product_rule(px, cond), P, rtol=1e-14)
    np.testing.assert_allclose(condition(P3, 1, 2), P3[:, 2, :] / P3[:, 2, :].sum())


def test_bayes_theorem() -> None:
    # a diagnostic test: prevalence 1%, sensitivity 90%, false-positive rate 5%
    post = bayes([0.01, 0.99], [0.90, 0.05])
    expected = 0.9 * 0.01 / (0.9 * 0.01 + 0.05 * 0.99)
    assert post[0] == pytest.approx(expected, rel=1e-14)
    assert post.sum() == pytest.approx(1.0, rel=1e-15)
    assert evidence([0.01, 0.99], [0.90, 0.05]) == pytest.approx(0.9 * 0.01 + 0.05 * 0.99)
    # Bayes from a joint table equals conditioning the table on the other variable
    prior = P.sum(axis=1)
    lik = P[:, 2] / prior
    np.testing.assert_allclose(bayes(prior, lik), condition(P, 1, 2), rtol=1e-13)


def test_independence() -> None:
    a, b, c = np.array([0.3, 0.7]), np.array([0.2, 0.5, 0.3]), np.array([0.6, 0.4])
    assert is_independent(np.outer(a, b))
    assert is_independent(np.multiply.outer(np.outer(a, b), c))
    assert not is_independent(P)
    assert not is_independent(P3)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: joint_table([[0.5, 0.6]]), "sum to 1"),
        (lambda: joint_table([[1.2, -0.2]]), ">= 0"),
        (lambda: condition(P, 0, 5), "not a value"),
        (lambda: condition([[0.5, 0.5], [0.0, 0.0]], 0, 1), "is 0"),
        (lambda: marginalize(P, 4), "not an axis"),
        (lambda: bayes([0.5, 0.5], [0.0, 0.0]), "probability 0"),
        (lambda: bayes([0.5, 0.5], [1.5, 0.0]), r"\[0, 1\]"),
        (lambda: product_rule([0.5, 0.5], [[0.5, 0.5], [0.6, 0.6]]), "sum to 1"),
    ],
)
def test_table_errors(call, match) -> None:
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- KL divergence
def _kl_sum(p, q, k):
    lp, lq = p.logpmf(k), q.logpmf(k)
    m = np.isfinite(lp)
    return float(np.sum(np.exp(lp[m]) * (lp[m] - lq[m])))


def _kl_quad(p, q, lo, hi):
    f = lambda x: float(p.pdf(x)) * (float(p.logpdf(x)) - float(q.logpdf(x)))
    val, _ = integrate.quad(f, lo, hi, limit=200, epsabs=1e-13)
    return val


@pytest.mark.parametrize(
    "p, q, support",
    [
        (Bernoulli(0.3), Bernoulli(0.6), np.arange(2)),
        (Binomial(12, 0.3), Binomial(12, 0.45), np.arange(13)),
        (Categorical([0.2, 0.5, 0.3]), Categorical([0.4, 0.4, 0.2]), np.arange(3)),
        (Poisson(3.0), Poisson(5.5), np.arange(200)),
    ],
)
def test_kl_discrete(p, q, support) -> None:
    assert kl_divergence(p, q) == pytest.approx(_kl_sum(p, q, support), rel=1e-10)
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "p, q, lo, hi",
    [
        (Gaussian(0.5, 2.0), Gaussian(-1.0, 0.7), -np.inf, np.inf),
        (Beta(2.0, 3.0), Beta(4.0, 1.5), 0.0, 1.0),
        (Gamma(2.5, 1.5), Gamma(1.2, 0.4), 0.0, np.inf),
        (Uniform(0.0, 1.0), Uniform(-1.0, 2.0), 0.0, 1.0),
    ],
)
def test_kl_continuous(p, q, lo, hi) -> None:
    assert kl_divergence(p, q) == pytest.approx(_kl_quad(p, q, lo, hi), rel=1e-8)


def test_kl_multivariate_gaussian_formula() -> None:
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    S1, S2 = A @ A.T + np.eye(3), B @ B.T + np.eye(3)
    m1, m2 = rng.normal(size=3), rng.normal(size=3)
    S2i = np.linalg.inv(S2)
    expected = 0.5 * (np.trace(S2i @ S1) + (m2 - m1) @ S2i @ (m2 - m1) - 3
                      + np.log(np.linalg.det(S2) / np.linalg.det(S1)))
    got = kl_divergence(Gaussian(m1, S1), Gaussian(m2, S2))
    assert got == pytest.approx(expected, rel=1e-10)
    # and a Monte Carlo check with scipy's densities
    X = stats.multivariate_normal(m1, S1).rvs(200_000, random_state=1)
    mc = np.mean(stats.multivariate_normal(m1, S1).logpdf(X)
                 - stats.multivariate_normal(m2, S2).logpdf(X))
    assert got == pytest.approx(mc, rel=0.02)


def test_kl_dirichlet_monte_carlo() -> None:
    a, b = np.array([2.0, 3.0, 1.5]), np.array([1.0, 1.0, 4.0])
    X = stats.dirichlet(a).rvs(200_000, random_state=2)
    mc = np.mean(stats.dirichlet(a).logpdf(X.T) - stats.dirichlet(b).logpdf(X.T))
    assert kl_divergence(Dirichlet(a), Dirichlet(b)) == pytest.approx(mc, rel=0.02)


def test_kl_edge_cases() -> None:
    assert kl_divergence(Uniform(0, 3), Uniform(0, 1)) == np.inf
    assert kl_divergence(Bernoulli(0.5), Bernoulli(0.0)) == np.inf
    with pytest.raises(ValueError, match="no closed form"):
        kl_divergence(Gaussian(0.0, 1.0), Beta(1, 1))
    with pytest.raises(ValueError, match="same n"):
        kl_divergence(Binomial(3, 0.5), Binomial(4, 0.5))
