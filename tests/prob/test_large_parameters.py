"""Large parameters (long continued fractions, wide supports); run by ``make test-all``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from mmlkit.prob import Beta, Binomial, Gamma, Poisson

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "ours, ref, k",
    [
        (Binomial(100_000, 0.3), stats.binom(100_000, 0.3), [29_500, 30_000, 30_500]),
        (Poisson(1e4), stats.poisson(1e4), [9_800, 10_000, 10_200]),
    ],
)
def test_wide_discrete_support(ours, ref, k) -> None:
    k = np.array(k, dtype=float)
    np.testing.assert_allclose(ours.logpmf(k), ref.logpmf(k), rtol=1e-9)
    np.testing.assert_allclose(ours.cdf(k), ref.cdf(k), rtol=1e-9)


def test_concentrated_continuous() -> None:
    x = np.array([0.3, 0.333, 0.36])
    np.testing.assert_allclose(Beta(1e3, 2e3).cdf(x), stats.beta(1e3, 2e3).cdf(x), rtol=1e-9)
    t = np.array([4_900.0, 5_000.0, 5_100.0])
    np.testing.assert_allclose(Gamma(1e4, 2.0).cdf(t), stats.gamma(1e4, scale=0.5).cdf(t),
                               rtol=1e-9)


def test_poisson_entropy_large_rate_matches_asymptotic_series() -> None:
    # H = 1/2 log(2 pi e lam) - 1/(12 lam) - 1/(24 lam^2) + O(lam^-3)
    lam = 1e4
    series = 0.5 * math.log(2 * math.pi * math.e * lam) - 1 / (12 * lam) - 1 / (24 * lam**2)
    assert Poisson(lam).entropy() == pytest.approx(series, rel=1e-10)
