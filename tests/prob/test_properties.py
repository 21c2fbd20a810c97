"""Property tests: Gaussian algebra, streaming statistics and special functions on
generated inputs, against numpy.linalg / scipy.special."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from mmlkit.prob import Gaussian, RunningStats
from mmlkit.prob import _special as sp


@st.composite
def gaussians(draw):
    d = draw(st.integers(2, 6))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    S = A @ A.T + 0.5 * np.eye(d)
    return rng.normal(size=d), S, rng


@settings(max_examples=40)
@given(gaussians())
def test_condition_then_marginal_agree_with_block_formulas(params) -> None:
    mu, S, rng = params
    d = mu.size
    perm = rng.permutation(d)
    k = int(rng.integers(1, d))
    b, a = sorted(perm[:k].tolist()), sorted(perm[k:].tolist())
    xb = rng.normal(size=k)
    c = Gaussian(mu, S).condition(b, xb)
    K = S[np.ix_(a, b)] @ np.linalg.inv(S[np.ix_(b, b)])
    np.testing.assert_allclose(c.mean, mu[a] + K @ (xb - mu[b]), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(c.cov, S[np.ix_(a, a)] - K @ S[np.ix_(b, a)], rtol=1e-9,
                               atol=1e-9)
    # chain rule of densities: p(x) = p(x_b) p(x_a | x_b)
    x = np.empty(d)
    x[b] = xb
    x[a] = rng.normal(size=d - k)
    joint = Gaussian(mu, S).logpdf(x)
    split = Gaussian(mu, S).marginal(b).logpdf(xb) + c.logpdf(x[a])
    np.testing.assert_allclose(joint, split, rtol=1e-9, atol=1e-9)


@settings(max_examples=40)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), st.integers(0, 2**31 - 1))
def test_running_stats_merge_any_split(sizes, seed) -> None:
    rng = np.random.default_rng(seed)
    data = 1e6 + rng.normal(size=(sum(sizes), 3))
    if data.shape[0] == 0:
        return
    parts = np.split(data, np.cumsum(sizes)[:-1])
    streams = [RunningStats().update(p) for p in parts]
    total = RunningStats()
    for s in reversed(streams):
        total.merge(s)
    np.testing.assert_allclose(total.mean, data.mean(axis=0), rtol=1e-13)
    np.testing.assert_allclose(total.cov, np.cov((data - 1e6).T, bias=True).reshape(3, 3),
                               rtol=1e-8, atol=1e-10)


positive = st.floats(0.05, 300.0)


@settings(max_examples=200)
@given(positive, positive, st.floats(0.0, 1.0))
def test_betainc_against_scipy(a, b, x) -> None:
    assert float(sp.betainc(a, b, x)) == pytest.approx(special.betainc(a, b, x), rel=1e-10,
                                                       abs=1e-280)


@settings(max_examples=200)
@given(positive, st.floats(0.0, 800.0))
def test_gammainc_against_scipy(a, x) -> None:
    assert float(sp.gammainc(a, x)) == pytest.approx(special.gammainc(a, x), rel=1e-10,
                                                     abs=1e-280)
    assert float(sp.gammaincc(a, x)) == pytest.approx(special.gammaincc(a, x), rel=1e-10,
                                                      abs=1e-280)


@settings(max_examples=200)
@given(st.floats(1e-3, 1e6))
def test_digamma_gammaln_against_scipy(x) -> None:
    assert float(sp.digamma(x)) == pytest.approx(special.digamma(x), rel=1e-12, abs=1e-13)
    assert float(sp.gammaln(x)) == pytest.approx(special.gammaln(x), rel=1e-12, abs=1e-13)
