"""Multivariate Gaussian and Dirichlet against scipy.stats; Gaussian algebra against the
block formulas (computed here with numpy.linalg) and against sampling."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from mmlkit.errors import MMLError, NotPositiveDefiniteError, ShapeError
from mmlkit.prob import Dirichlet, Gaussian

RTOL = 1e-10


def _spd(d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    return A @ A.T + d * np.eye(d)


@pytest.fixture(params=[1, 2, 5, 40])
def mvn(request):
    d = request.param
    rng = np.random.default_rng(d)
    mu = rng.normal(size=d)
    S = _spd(d, d + 100)
    return Gaussian(mu, S), stats.multivariate_normal(mu, S), mu, S


def test_logpdf_pdf_entropy_match_scipy(mvn) -> None:
    g, ref, mu, S = mvn
    X = np.random.default_rng(1).normal(size=(50, mu.size)) * 2 + mu
    np.testing.assert_allclose(g.logpdf(X), ref.logpdf(X), rtol=RTOL)
    np.testing.assert_allclose(g.pdf(X), ref.pdf(X), rtol=1e-9)
    np.testing.assert_allclose(g.logpdf(X[0]), ref.logpdf(X[0]), rtol=RTOL)
    assert np.ndim(g.logpdf(X[0])) == 0
    np.testing.assert_allclose(g.entropy(), ref.entropy(), rtol=RTOL)
    np.testing.assert_allclose(g.mean, mu)
    np.testing.assert_allclose(g.cov, S)
    np.testing.assert_allclose(g.var, np.diag(S))


def test_batched_points_keep_their_leading_shape(mvn) -> None:
    g, ref, mu, _ = mvn
    X = np.random.default_rng(2).normal(size=(3, 4, mu.size))
    out = g.logpdf(X)
    assert out.shape == (3, 4)
    np.testing.assert_allclose(out, ref.logpdf(X.reshape(-1, mu.size)).reshape(3, 4), rtol=RTOL)


def test_sampling_uses_cholesky_and_matches_moments(mvn) -> None:
    g, _, mu, S = mvn
    n = 40_000
    X = g.sample(n, random_state=7)
    assert X.shape == (n, mu.size)
    np.testing.assert_array_equal(X, g.sample(n, random_state=7))
    # the draws are mu + z L^T with L = cholesky(S) and z ~ N(0, I) from the same generator
    z = np.random.default_rng(7).standard_normal((n, mu.size))
    np.testing.assert_allclose(X, mu + z @ np.linalg.cholesky(S).T, rtol=1e-9, atol=1e-9)
    se = np.sqrt(np.diag(S) / n)
    assert np.all(np.abs(X.mean(axis=0) - mu) < 5 * se)
    np.testing.assert_allclose(np.cov(X.T, bias=True).reshape(S.shape), S, atol=0.05 * S.max())
    assert g.sample(random_state=0).shape == (mu.size,)


def _gauss_legendre_2d(f, x0, x1, y0, y1, n=300):
    """Tensor-product Gauss–Legendre rule on a rectangle (vectorized integrand)."""
    t, w = np.polynomial.legendre.leggauss(n)
    x = 0.5 * (x1 - x0) * t + 0.5 * (x1 + x0)
    y = 0.5 * (y1 - y0) * t + 0.5 * (y1 + y0)
    X, Y = np.meshgrid(x, y, indexing="ij")
    W = np.outer(w, w) * 0.25 * (x1 - x0) * (y1 - y0)
    return float(np.sum(W * f(X, Y)))


def test_two_dimensional_density_integrates_to_one() -> None:
    g = Gaussian([0.5, -1.0], [[1.0, 0.6], [0.6, 2.0]])
    total = _gauss_legendre_2d(lambda x, y: g.pdf(np.stack([x, y], axis=-1)), -12, 13, -15, 13)
    assert abs(total - 1.0) < 1e-10
    # and one adaptive cross-check of a slice: the marginal of x integrates to 1 as well
    gx = g.marginal(0)
    total_x, _ = integrate.quad(lambda x: float(gx.pdf(x)), -np.inf, np.inf)
    assert abs(total_x - 1.0) < 1e-10


@pytest.mark.parametrize("scale", [1e-8, 1.0, 30.764088937119716, 1e8])
def test_covariance_singular_to_working_precision_is_refused(scale: float) -> None:
    # a rank-1 covariance: its pivots after the first are rounding noise of either sign,
    # so the refusal must not depend on how the factorization happens to round
    v = np.array([1.0, 2.0, -1.0, 0.5])
    with pytest.raises(NotPositiveDefiniteError, match="singular to working precision|not pos"):
        Gaussian(np.zeros(4), scale * np.outer(v, v))
    with pytest.raises(NotPositiveDefiniteError):
        Gaussian(np.zeros(5), scale * np.ones((5, 5)))
    # a well-conditioned neighbour is accepted
    g = Gaussian(np.zeros(4), scale * (np.outer(v, v) + 1e-3 * np.eye(4)))
    assert g.cov.shape == (4, 4)


@pytest.mark.parametrize("n", [10, 40])
def test_random_rank_deficient_covariances_are_refused(n: int) -> None:
    # one rank short, columns on different scales: the last pivot is rounding noise that
    # can reach several hundred n*eps of its variance (found by review, 13 of 400 slipped)
    rng = np.random.default_rng(6)
    for _ in range(25):
        X = rng.standard_normal((n, n - 1)) * rng.uniform(0.1, 10, n - 1)
        with pytest.raises(NotPositiveDefiniteError):
            Gaussian(np.zeros(n), X @ X.T)


@pytest.mark.parametrize("cond", [1e8, 1e12])
def test_ill_conditioned_but_positive_definite_covariance_is_accepted(cond: float) -> None:
    rng = np.random.default_rng(7)
    n = 60
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    S = (Q * np.logspace(0, -np.log10(cond), n)) @ Q.T
    S = (S + S.T) / 2
    g = Gaussian(np.zeros(n), S)
    np.testing.assert_allclose(g.chol @ g.chol.T, S, atol=1e-12)


def test_non_spd_covariance_raises_value_error_with_rule() -> None:
    with pytest.raises(NotPositiveDefiniteError, match="positive definite") as info:
        Gaussian([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]])
    assert isinstance(info.value, ValueError) and isinstance(info.value, MMLError)
    with pytest.raises(ValueError, match="symmetric"):
        Gaussian([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]])
    with pytest.raises(ShapeError, match="does not match"):
        Gaussian([0.0, 0.0, 0.0], np.eye(2))
    with pytest.raises(ShapeError, match="last axis"):
        Gaussian([0.0, 0.0], np.eye(2)).logpdf([1.0, 2.0, 3.0])


# ---------------------------------------------------------------- Gaussian algebra
MU = np.array([1.0, -2.0, 0.5, 3.0])
SIGMA = _spd(4, 9)


def _block_condition(mu, S, a, b, xb):
    Saa, Sab, Sbb = S[np.ix_(a, a)], S[np.ix_(a, b)], S[np.ix_(b, b)]
    K = Sab @ np.linalg.inv(Sbb)
    return mu[a] + K @ (xb - mu[b]), Saa - K @ Sab.T


@pytest.mark.parametrize("b", [[3], [0, 2], [1, 3, 0]])
def test_condition_matches_block_formula(b) -> None:
    a = [i for i in range(4) if i not in b]
    xb = np.linspace(-1.0, 2.0, len(b))
    c = Gaussian(MU, SIGMA).condition(b, xb)
    m, C = _block_condition(MU, SIGMA, a, b, xb)
    np.testing.assert_allclose(c.mean, m, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.cov, C, rtol=1e-12, atol=1e-12)


def test_condition_matches_sampling_regression() -> None:
    # E[x_a | x_b] is linear in x_b; least squares on joint samples recovers slope and
    # residual covariance, which must agree with the conditional.
    g = Gaussian(MU, SIGMA)
    X = g.sample(200_000, random_state=3)
    a, b = [0, 1], [2, 3]
    design = np.column_stack([np.ones(len(X)), X[:, b]])
    coef, *_ = np.linalg.lstsq(design, X[:, a], rcond=None)
    resid = X[:, a] - design @ coef
    xb = np.array([0.3, 2.0])
    c = g.condition(b, xb)
    np.testing.assert_allclose(np.r_[1.0, xb] @ coef, c.mean, atol=0.03)
    np.testing.assert_allclose(np.cov(resid.T, bias=True), c.cov, rtol=0.03, atol=0.02)


def test_marginal_matches_blocks_and_samples() -> None:
    g = Gaussian(MU, SIGMA)
    m = g.marginal([2, 0])
    np.testing.assert_array_equal(m.mean, MU[[2, 0]])
    np.testing.assert_array_equal(m.cov, SIGMA[np.ix_([2, 0], [2, 0])])
    u = g.marginal(1)
    assert u.is_univariate and u.mean == MU[1] and u.cov == SIGMA[1, 1]
    X = g.sample(100_000, random_state=4)[:, [2, 0]]
    np.testing.assert_allclose(X.mean(axis=0), m.mean, atol=0.05)
    np.testing.assert_allclose(np.cov(X.T), m.cov, rtol=0.03)
    np.testing.assert_allclose(g.marginal([1]).logpdf([[0.3]]),
                               stats.norm(MU[1], np.sqrt(SIGMA[1, 1])).logpdf(0.3), rtol=RTOL)


def test_algebra_errors() -> None:
    g = Gaussian(MU, SIGMA)
    with pytest.raises(ValueError, match="out of range"):
        g.marginal([0, 7])
    with pytest.raises(ValueError, match="repeat"):
        g.marginal([1, 1])
    with pytest.raises(ValueError, match="no distribution"):
        g.condition([0, 1, 2, 3], [0, 0, 0, 0])
    with pytest.raises(ShapeError):
        g.condition([0, 1], [0.0])
    with pytest.raises(ValueError, match="univariate"):
        Gaussian(0.0, 1.0).condition(0, 1.0)
    with pytest.raises(ValueError, match="univariate"):
        g.cdf(MU)


def test_affine_matches_formula_and_samples() -> None:
    g = Gaussian(MU, SIGMA)
    A = np.array([[1.0, 2.0, 0.0, -1.0], [0.5, 0.0, 1.0, 1.0]])
    b = np.array([3.0, -1.0])
    y = g.affine(A, b)
    np.testing.assert_allclose(y.mean, A @ MU + b, rtol=1e-13)
    np.testing.assert_allclose(y.cov, A @ SIGMA @ A.T, rtol=1e-13)
    Y = g.sample(100_000, random_state=5) @ A.T + b
    np.testing.assert_allclose(Y.mean(axis=0), y.mean, atol=0.1)
    np.testing.assert_allclose(np.cov(Y.T), y.cov, rtol=0.03)
    u = Gaussian(1.0, 4.0).affine(-3.0, 2.0)
    assert (u.mean, u.cov) == (-1.0, 36.0)
    with pytest.raises(NotPositiveDefiniteError):
        g.affine(np.ones((5, 4)))   # rank 1: the image is a degenerate Gaussian


def test_sum_of_independent_gaussians() -> None:
    g1 = Gaussian(MU, SIGMA)
    g2 = Gaussian(-MU, np.eye(4))
    s = g1 + g2
    np.testing.assert_allclose(s.mean, np.zeros(4), atol=1e-15)
    np.testing.assert_allclose(s.cov, SIGMA + np.eye(4))
    X = g1.sample(100_000, random_state=6) + g2.sample(100_000, random_state=7)
    np.testing.assert_allclose(np.cov(X.T), s.cov, rtol=0.02, atol=0.15)  # ~4 std errors
    shifted = g1 + np.ones(4)
    np.testing.assert_allclose(shifted.mean, MU + 1)
    u = Gaussian(1.0, 2.0) + Gaussian(3.0, 0.5)
    assert (u.mean, u.cov) == (4.0, 2.5)


@pytest.mark.parametrize("d", [None, 1, 3])
def test_product_of_densities(d) -> None:
    rng = np.random.default_rng(11)
    if d is None:
        p, q = Gaussian(0.5, 2.0), Gaussian(-1.0, 0.7)
        pts = rng.normal(size=7)
        ref_p, ref_q = stats.norm(0.5, np.sqrt(2.0)), stats.norm(-1.0, np.sqrt(0.7))
    else:
        a, b = rng.normal(size=d), rng.normal(size=d)
        A, B = _spd(d, 1), _spd(d, 2)
        p, q = Gaussian(a, A), Gaussian(b, B)
        pts = rng.normal(size=(7, d))
        ref_p, ref_q = stats.multivariate_normal(a, A), stats.multivariate_normal(b, B)
    scale, r = p.product(q)
    # N(x|a,A) N(x|b,B) = c N(x|m,C) pointwise (MML eq. (6.74))
    np.testing.assert_allclose(ref_p.pdf(pts) * ref_q.pdf(pts), scale * r.pdf(pts), rtol=1e-10)
    if d is not None:
        C = np.linalg.inv(np.linalg.inv(A) + np.linalg.inv(B))
        np.testing.assert_allclose(r.cov, C, rtol=1e-10)
        np.testing.assert_allclose(r.mean, C @ (np.linalg.solve(A, a) + np.linalg.solve(B, b)),
                                   rtol=1e-10)
        np.testing.assert_allclose(scale, stats.multivariate_normal(b, A + B).pdf(a), rtol=1e-10)


def test_univariate_cdf_tails() -> None:
    g = Gaussian(0.0, 1.0)
    z = np.array([-37.0, -20.0, -8.0, -1e-3, 0.0, 1e-3, 3.0, 8.0])
    np.testing.assert_allclose(g.cdf(z), stats.norm.cdf(z), rtol=1e-10)


def test_gaussian_does_not_mutate_inputs() -> None:
    mu, S = MU.copy(), SIGMA.copy()
    g = Gaussian(mu, S)
    g.condition([0], [1.0])
    g.affine(np.eye(4), np.ones(4))
    np.testing.assert_array_equal(mu, MU)
    np.testing.assert_array_equal(S, SIGMA)
    with pytest.raises(ValueError):
        g.mean[0] = 5.0   # stored parameters are read-only


# ---------------------------------------------------------------- Dirichlet
ALPHA = np.array([1.5, 2.0, 3.5, 1.0])


def test_dirichlet_matches_scipy() -> None:
    d, ref = Dirichlet(ALPHA), stats.dirichlet(ALPHA)
    X = np.random.default_rng(0).dirichlet(ALPHA, size=20)
    np.testing.assert_allclose(d.logpdf(X), ref.logpdf(X.T), rtol=RTOL)
    np.testing.assert_allclose(d.pdf(X[0]), ref.pdf(X[0]), rtol=RTOL)
    np.testing.assert_allclose(d.mean, ref.mean(), rtol=RTOL)
    np.testing.assert_allclose(d.var, ref.var(), rtol=RTOL)
    np.testing.assert_allclose(d.cov, ref.cov(), rtol=RTOL, atol=1e-300)
    np.testing.assert_allclose(d.entropy(), ref.entropy(), rtol=RTOL)


def test_dirichlet_off_simplex_has_zero_density() -> None:
    d = Dirichlet(ALPHA)
    out = d.logpdf([[0.5, 0.5, 0.5, -0.5], [0.2, 0.2, 0.2, 0.2], [0.1, 0.2, 0.3, 0.4]])
    assert out[0] == -np.inf and out[1] == -np.inf and np.isfinite(out[2])
    with pytest.raises(ShapeError):
        d.logpdf([0.5, 0.5])


def test_dirichlet_integrates_to_one_on_simplex() -> None:
    d = Dirichlet([2.0, 3.0, 2.5])
    # (u, v) in the unit square -> (u, (1 - u) v) on the simplex, Jacobian (1 - u)
    def f(u, v):
        x, y = u, (1.0 - u) * v
        pts = np.stack([x, y, np.clip(1.0 - x - y, 0.0, 1.0)], axis=-1)
        return d.pdf(pts) * (1.0 - u)

    assert abs(_gauss_legendre_2d(f, 0.0, 1.0, 0.0, 1.0) - 1.0) < 1e-8


def test_dirichlet_samples() -> None:
    d = Dirichlet(ALPHA)
    X = d.sample(20_000, random_state=1)
    np.testing.assert_allclose(X.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(X.mean(axis=0), d.mean, atol=0.01)
    np.testing.assert_allclose(X.var(axis=0), d.var, rtol=0.05)
    # each coordinate is Beta(alpha_k, alpha_0 - alpha_k)
    for k in range(ALPHA.size):
        beta = stats.beta(ALPHA[k], ALPHA.sum() - ALPHA[k])
        assert stats.kstest(X[:, k], beta.cdf).pvalue > 1e-3


def test_dirichlet_bad_alpha() -> None:
    with pytest.raises(ValueError, match="> 0"):
        Dirichlet([1.0, -1.0])
    with pytest.raises(ShapeError):
        Dirichlet([1.0])
