"""One battery over every univariate distribution, checked against scipy.stats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from scipy import integrate, stats

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

RTOL = 1e-10


@dataclass
class Case:
    ours: Any
    ref: Any                      # frozen scipy.stats distribution
    points: np.ndarray            # evaluation points, inside and outside the support
    discrete: bool
    support: tuple[float, float]  # for integration / summation


def _cat_ref(p):
    return stats.rv_discrete(values=(np.arange(len(p)), p))


CASES = {
    "bernoulli-0.3": Case(Bernoulli(0.3), stats.bernoulli(0.3),
                          np.array([-1, 0, 0.5, 1, 2]), True, (0, 1)),
    "bernoulli-1": Case(Bernoulli(1.0), stats.bernoulli(1.0), np.array([0, 1]), True, (0, 1)),
    "binomial-10-0.3": Case(Binomial(10, 0.3), stats.binom(10, 0.3),
                            np.array([-1, 0, 1, 2.5, 3, 7, 10, 11]), True, (0, 10)),
    "binomial-60-0.92": Case(Binomial(60, 0.92), stats.binom(60, 0.92),
                             np.arange(-1, 62), True, (0, 60)),
    "categorical": Case(Categorical([0.2, 0.5, 0.3]), _cat_ref([0.2, 0.5, 0.3]),
                        np.array([-1, 0, 1, 1.5, 2, 3]), True, (0, 2)),
    "poisson-3.5": Case(Poisson(3.5), stats.poisson(3.5),
                        np.array([-2, 0, 1, 2, 3.3, 5, 12, 30]), True, (0, 80)),
    "poisson-0.2": Case(Poisson(0.2), stats.poisson(0.2), np.array([0, 1, 2, 7]), True, (0, 40)),
    "poisson-80": Case(Poisson(80.0), stats.poisson(80.0),
                       np.array([40, 60, 79, 80, 100, 130]), True, (0, 300)),
    "betabinomial": Case(BetaBinomial(12, 2.5, 1.5), stats.betabinom(12, 2.5, 1.5),
                         np.array([-1, 0, 3, 6.5, 9, 12, 13]), True, (0, 12)),
    "negbinomial": Case(NegativeBinomial(3.5, 0.4), stats.nbinom(3.5, 0.4),
                        np.array([-1, 0, 1, 4, 10, 30.5, 40]), True, (0, 400)),
    "uniform": Case(Uniform(-1.0, 3.0), stats.uniform(-1.0, 4.0),
                    np.array([-2, -1, 0, 2.5, 3, 4]), False, (-1, 3)),
    "beta-2-3": Case(Beta(2, 3), stats.beta(2, 3),
                     np.array([-0.5, 0.0, 0.01, 0.3, 0.7, 0.999, 1.0, 1.5]), False, (0, 1)),
    "beta-0.5-0.5": Case(Beta(0.5, 0.5), stats.beta(0.5, 0.5),
                         np.array([1e-6, 0.1, 0.5, 0.9, 0.99]), False, (0, 1)),
    "beta-5-1": Case(Beta(5, 1), stats.beta(5, 1), np.array([0.2, 0.5, 0.95]), False, (0, 1)),
    "gamma-2.5-1.5": Case(Gamma(2.5, 1.5), stats.gamma(2.5, scale=1 / 1.5),
                          np.array([-1, 0, 0.01, 0.5, 2, 5, 20]), False, (0, np.inf)),
    "gamma-0.7-2": Case(Gamma(0.7, 2.0), stats.gamma(0.7, scale=0.5),
                        np.array([1e-4, 0.3, 1.0, 4.0]), False, (0, np.inf)),
    "gamma-1-3": Case(Gamma(1.0, 3.0), stats.gamma(1.0, scale=1 / 3),
                      np.array([-1, 0, 0.2, 2.0]), False, (0, np.inf)),
    "gaussian-1.5-4": Case(Gaussian(1.5, 4.0), stats.norm(1.5, 2.0),
                           np.array([-30, -5, 0, 1.5, 3, 10, 20]), False, (-np.inf, np.inf)),
    "gaussian--2-0.25": Case(Gaussian(-2.0, 0.25), stats.norm(-2.0, 0.5),
                             np.array([-6, -2.2, -2, 0, 1]), False, (-np.inf, np.inf)),
}
IDS = list(CASES)


def _close(a, b, rtol=RTOL, atol=0.0):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=atol)


@pytest.fixture(params=IDS)
def case(request) -> Case:
    return CASES[request.param]


def test_log_density_matches_scipy(case: Case) -> None:
    if case.discrete:
        _close(case.ours.logpmf(case.points), case.ref.logpmf(case.points))
        _close(case.ours.pmf(case.points), case.ref.pmf(case.points))
    else:
        _close(case.ours.logpdf(case.points), case.ref.logpdf(case.points))
        _close(case.ours.pdf(case.points), case.ref.pdf(case.points))


def test_cdf_matches_scipy(case: Case) -> None:
    _close(case.ours.cdf(case.points), case.ref.cdf(case.points), atol=1e-300)


def test_moments_and_entropy_match_scipy(case: Case) -> None:
    _close(case.ours.mean, case.ref.mean(), atol=1e-300)
    _close(case.ours.var, case.ref.var(), atol=1e-300)
    _close(case.ours.std, case.ref.std(), atol=1e-300)
    _close(case.ours.entropy(), case.ref.entropy(), atol=1e-14)


def test_scalar_input_gives_scalar(case: Case) -> None:
    x = float(case.points[len(case.points) // 2])
    fn = case.ours.logpmf if case.discrete else case.ours.logpdf
    out = fn(x)
    assert np.ndim(out) == 0
    _close(out, (case.ref.logpmf if case.discrete else case.ref.logpdf)(x))
    assert np.ndim(case.ours.cdf(x)) == 0


def test_float32_is_preserved(case: Case) -> None:
    x = case.points.astype(np.float32)
    fn = case.ours.pmf if case.discrete else case.ours.pdf
    assert fn(x).dtype == np.float32
    assert case.ours.cdf(x).dtype == np.float32


def test_normalized(case: Case) -> None:
    lo, hi = case.support
    if case.discrete:
        k = np.arange(lo, hi + 1)
        assert abs(case.ours.pmf(k).sum() - 1.0) < 1e-12
    else:
        total, err = integrate.quad(lambda t: float(case.ours.pdf(t)), lo, hi, limit=200)
        assert abs(total - 1.0) < 1e-8 + err


def test_sample_moments_and_goodness_of_fit(case: Case) -> None:
    n = 20_000
    s = case.ours.sample(n, random_state=12345)
    assert s.shape == (n,)
    np.testing.assert_array_equal(s, case.ours.sample(n, random_state=12345))
    sd = float(case.ref.std())
    assert abs(s.mean() - case.ref.mean()) <= 5 * sd / np.sqrt(n) + 1e-12
    if sd > 0:
        assert abs(s.var() / case.ref.var() - 1.0) < 0.1
    if case.discrete:
        values, counts = np.unique(s, return_counts=True)
        expected = case.ref.pmf(values) * n
        keep = expected >= 5
        if keep.sum() >= 2:
            obs, exp = counts[keep], expected[keep]
            stat, p = stats.chisquare(obs, exp * obs.sum() / exp.sum())
            assert p > 1e-3, (stat, p)
        assert np.all(case.ref.pmf(values) > 0)
        # Kolmogorov-Smirnov distance between step functions on the integers; the
        # continuous-case null distribution (scipy.stats.kstwo) is conservative here
        k = np.arange(s.min(), s.max() + 1)
        d = np.max(np.abs(np.searchsorted(np.sort(s), k, side="right") / n - case.ref.cdf(k)))
        assert stats.kstwo.sf(d, n) > 1e-3
    else:
        assert stats.kstest(s, case.ref.cdf).pvalue > 1e-3


def test_single_sample_has_no_leading_axis(case: Case) -> None:
    x = case.ours.sample(random_state=0)
    assert np.ndim(x) == 0


def test_infinite_points(case: Case) -> None:
    x = np.array([-np.inf, np.inf])
    fn = case.ours.logpmf if case.discrete else case.ours.logpdf
    np.testing.assert_array_equal(fn(x), [-np.inf, -np.inf])
    np.testing.assert_array_equal(case.ours.cdf(x), [0.0, 1.0])
    np.testing.assert_array_equal(case.ref.cdf(x), [0.0, 1.0])


def test_nan_points_are_refused(case: Case) -> None:
    fn = case.ours.logpmf if case.discrete else case.ours.logpdf
    with pytest.raises(ValueError, match="NaN"):
        fn([0.5, np.nan])


def test_inputs_are_not_mutated(case: Case) -> None:
    x = case.points.copy()
    (case.ours.logpmf if case.discrete else case.ours.logpdf)(x)
    case.ours.cdf(x)
    np.testing.assert_array_equal(x, case.points)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Bernoulli(1.2), r"\[0, 1\].*1.2"),
        (lambda: Bernoulli(-0.1), r"-0.1"),
        (lambda: Binomial(5, 2.0), r"2.0"),
        (lambda: Binomial(-1, 0.5), r"n.*-1"),
        (lambda: Categorical([0.5, 0.6]), r"sum to 1.*1.1"),
        (lambda: Categorical([1.2, -0.2]), r">= 0"),
        (lambda: Poisson(-1.0), r"rate.*> 0.*-1"),
        (lambda: Uniform(2.0, 1.0), r"a < b"),
        (lambda: Beta(0.0, 1.0), r"a.*> 0"),
        (lambda: Gamma(2.0, -3.0), r"rate.*-3"),
        (lambda: Gaussian(0.0, -1.0), r"variance.*-1"),
        (lambda: Gaussian(0.0, np.nan), r"finite"),
        (lambda: NegativeBinomial(2.0, 0.0), r"p"),
    ],
)
def test_bad_parameters_raise_value_error(make, match) -> None:
    from mmlkit.errors import MMLError

    with pytest.raises(ValueError, match=match) as info:
        make()
    assert isinstance(info.value, MMLError)


def test_bad_parameter_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        Bernoulli("0.5")
    with pytest.raises(TypeError):
        Poisson([1.0, 2.0])
    with pytest.raises(TypeError, match="integer"):
        Binomial(2.5, 0.5)


def test_discrete_table_grows_and_handles_far_points() -> None:
    d = Poisson(3.0)
    ref = stats.poisson(3.0)
    _close(d.logpmf([1, 2]), ref.logpmf([1, 2]))
    far = np.array([0.0, 500.0, 5000.0, 1e7, 1e7 + 0.5])
    _close(d.logpmf(far), ref.logpmf(far))
    assert d.logpmf(np.inf) == -np.inf  # P(X = inf) = 0


def test_repr_names_parameters() -> None:
    assert repr(Binomial(3, 0.5)) == "Binomial(n=3, p=0.5)"
    assert repr(Gamma(2.0, 1.0)) == "Gamma(shape=2, rate=1)"
