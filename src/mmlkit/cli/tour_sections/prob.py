"""Tour section for MML ch. 6: probability and distributions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

TITLE = "Chapter 6 - Probability and distributions (mmlkit.prob)"


def _bayes(echo: Callable[[str], None]) -> None:
    from ...prob import bayes, condition, is_independent, marginalize

    echo("Sum rule, product rule and Bayes' theorem on a joint table p(weather, umbrella):")
    joint = np.array([[0.40, 0.05],    # sunny: no umbrella, umbrella
                      [0.10, 0.45]])   # rainy
    echo(f"  p(weather)            = {marginalize(joint, 1).round(3).tolist()}  (sum rule)")
    echo(f"  p(umbrella | rainy)   = {condition(joint, 0, 1).round(3).tolist()}  "
         "(product rule)")
    echo(f"  independent?          {is_independent(joint)}")
    post = bayes([0.01, 0.99], [0.90, 0.05])
    echo("  disease test (prevalence 1%, sensitivity 90%, false positives 5%):")
    echo(f"  p(ill | positive)     = {post[0]:.4f}")


def _gaussian(echo: Callable[[str], None]) -> None:
    from ...prob import Gaussian

    g = Gaussian([170.0, 70.0], [[49.0, 28.0], [28.0, 36.0]])
    echo("\nA 2-D Gaussian over (height cm, weight kg): mean [170, 70], "
         "cov [[49, 28], [28, 36]]")
    m = g.marginal(1)
    echo(f"  marginal of weight:       N({m.mean:.2f}, {m.cov:.2f})")
    c = g.condition(0, 185.0)
    echo(f"  weight given height=185:  N({c.mean[0]:.2f}, {c.cov[0, 0]:.2f})  "
         "(MML eqs. 6.66-6.67)")
    x = g.sample(100_000, random_state=0)
    near = x[np.abs(x[:, 0] - 185.0) < 0.5, 1]
    echo(f"  check by sampling: {near.size} draws with height within 0.5 of 185 have "
         f"mean weight {near.mean():.2f}, variance {near.var():.2f}")


def _conjugate(echo: Callable[[str], None]) -> None:
    from ...prob import Beta, posterior, posterior_predictive

    flips = np.array([1, 0, 1, 1, 1, 0, 1, 1, 0, 1])
    prior = Beta(2.0, 2.0)
    post = posterior(prior, "bernoulli", flips)
    pred = posterior_predictive(post, "bernoulli")
    echo(f"\nBeta-Bernoulli: prior {prior}, data {flips.tolist()}")
    echo(f"  posterior {post}: mean {post.mean:.4f}, sd {float(post.std):.4f}")
    echo(f"  p(next flip = 1 | data) = {pred.p:.4f}")


def _running(echo: Callable[[str], None]) -> None:
    from ...prob import RunningStats

    rng = np.random.default_rng(1)
    data = 1e9 + rng.normal(0.0, 2.0, size=1_000_000)
    rs = RunningStats()
    for batch in np.array_split(data, 10):
        rs.update(batch)
    naive = float(np.mean(data**2) - np.mean(data) ** 2)
    echo("\nRunningStats over 1e6 values 1e9 + N(0, 4), streamed in 10 batches:")
    echo(f"  n = {rs.n}, mean - 1e9 = {rs.mean - 1e9:.5f}, var = {rs.var:.5f}")
    echo(f"  one-pass E[x^2] - E[x]^2 on the same data gives {naive:.1f}")


def _plot(out: Path) -> None:
    try:
        from matplotlib.figure import Figure  # no pyplot: no global backend state
    except ImportError:
        return
    from ...prob import Beta, posterior

    mu = np.linspace(0.0, 1.0, 401)
    fig = Figure(figsize=(6, 3.5))
    ax = fig.subplots()
    prior = Beta(2.0, 2.0)
    ax.plot(mu, prior.pdf(mu), label="prior Beta(2, 2)")
    post = posterior(prior, "bernoulli", [1, 0, 1, 1, 1, 0, 1, 1, 0, 1])
    ax.plot(mu, post.pdf(mu), label=f"posterior {post}")
    ax.set_xlabel("mu")
    ax.set_ylabel("density")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "ch06_beta_bernoulli.png", dpi=120)


def run(out: Path | None, echo: Callable[[str], None]) -> None:
    _bayes(echo)
    _gaussian(echo)
    _conjugate(echo)
    _running(echo)
    if out is not None:
        _plot(out)
        echo(f"\n(plot written to {out / 'ch06_beta_bernoulli.png'})")
