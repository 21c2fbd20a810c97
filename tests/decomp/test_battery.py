"""One accuracy battery over every decomposition, by LAPACK's own measures.

Each measure is a residual scaled by ``size * ||A|| * eps`` and must stay below
30 (the LAPACK test suite's threshold), on LAPACK's matrix types and classic
matrices. Eigen- and singular values are compared with numpy.linalg.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from mmlkit import decomp

from .matrices import EPS, classic, general, spd, symmetric

THRESH = 30.0


def _n1(X: np.ndarray) -> float:
    return float(np.max(np.sum(np.abs(X), axis=0))) if X.size else 0.0


def _ratio(resid: np.ndarray, size: int, anorm: float) -> float:
    r = _n1(resid)
    if r == 0.0:
        return 0.0
    return r / (max(size, 1) * anorm * EPS) if anorm > 0 else np.inf


def _orth_ratio(Q: np.ndarray, size: int) -> float:
    k = Q.shape[1]
    return _n1(np.eye(k) - Q.T @ Q) / (max(size, 1) * EPS) if k else 0.0


# ----------------------------------------------------------------------------- checks
def check_lu(A):
    P, L, U = decomp.lu(A)
    m, n = A.shape
    k = min(m, n)
    assert P.shape == (m, m) and L.shape == (m, k) and U.shape == (k, n)
    if m:
        assert np.array_equal(np.sort(np.argmax(P, axis=0)), np.arange(m))
    assert np.all(np.abs(np.tril(L, -1)) <= 1.0) and np.allclose(np.diag(L), 1.0)
    assert not np.any(np.triu(L, 1)) and not np.any(np.tril(U, -1))
    return {"|A-PLU|": _ratio(A - P @ L @ U, n, _n1(A))}


def check_qr(A, mode="reduced"):
    Q, R = decomp.qr(A, mode=mode)
    m, n = A.shape
    k = m if mode == "complete" else min(m, n)
    assert Q.shape == (m, k) and R.shape == (k, n)
    assert not np.any(np.tril(R, -1))
    return {"|A-QR|": _ratio(A - Q @ R, m, _n1(A)), "|I-QtQ|": _orth_ratio(Q, m)}


def check_qr_complete(A):
    return check_qr(A, mode="complete")


def check_cholesky(A):
    L = decomp.cholesky(A)
    n = A.shape[0]
    assert not np.any(np.triu(L, 1)) and np.all(np.diag(L) > 0)
    return {"|A-LLt|": _ratio(A - L @ L.T, n, _n1(A))}


def _check_sign_rule(V: np.ndarray) -> None:
    if V.size:
        lead = V[np.argmax(np.abs(V), axis=0), np.arange(V.shape[1])]
        assert np.all(lead > 0), "largest-magnitude entry of each vector must be positive"


def check_eigh(A, method="dc"):
    w, V = decomp.eigh(A, method=method)
    n = A.shape[0]
    assert np.all(np.diff(w) >= 0)
    _check_sign_rule(V)
    ref = np.linalg.eigvalsh(A)
    anorm = max(np.max(np.abs(ref)) if n else 0.0, 0.0)
    assert np.all(np.abs(w - ref) <= THRESH * max(n, 1) * EPS * anorm)
    return {"|A-VWVt|": _ratio(A - (V * w) @ V.T, n, _n1(A)), "|I-VtV|": _orth_ratio(V, n)}


def check_eigh_jacobi(A):
    return check_eigh(A, method="jacobi")


def check_svd(A, full=False):
    U, s, Vt = decomp.svd(A, full_matrices=full)
    m, n = A.shape
    k = min(m, n)
    assert U.shape == ((m, m) if full else (m, k)) and Vt.shape == ((n, n) if full else (k, n))
    assert np.all(s >= 0) and np.all(np.diff(s) <= 0)
    _check_sign_rule(Vt.T)
    ref = np.linalg.svd(A, compute_uv=False)
    assert np.all(np.abs(s - ref) <= THRESH * max(m, n, 1) * EPS * (ref[0] if k else 0.0))
    S = np.zeros((U.shape[1], Vt.shape[0]))
    S[np.arange(k), np.arange(k)] = s
    return {"|A-USVt|": _ratio(A - U @ S @ Vt, max(m, n), _n1(A)),
            "|I-UtU|": _orth_ratio(U, m), "|I-VtV|": _orth_ratio(Vt.T, n)}


def check_svd_full(A):
    return check_svd(A, full=True)


def check_eig(A):
    w, V = decomp.eig(A)
    n = A.shape[0]
    assert w.shape == (n,) and V.shape == (n, n)
    if n:
        assert np.allclose(np.sqrt(np.sum(np.abs(V) ** 2, axis=0)), 1.0)
    return {"|AV-VW|": _ratio(A @ V - V * w, n, _n1(A))}


# ----------------------------------------------------------------------------- registry
REGISTRY: dict[str, tuple[str, Callable, int]] = {
    # name: (matrix family, check, largest size in the default run)
    "lu": ("general", check_lu, 200),
    "qr": ("general", check_qr, 200),
    "qr_complete": ("general", check_qr_complete, 60),
    "svd": ("general", check_svd, 200),
    "svd_full": ("general", check_svd_full, 60),
    "eig": ("square", check_eig, 40),
    "cholesky": ("spd", check_cholesky, 200),
    "eigh": ("symmetric", check_eigh, 200),
    "eigh_jacobi": ("symmetric", check_eigh_jacobi, 12),
}

SHAPES = [(0, 0), (1, 1), (5, 5), (12, 12), (40, 40), (200, 200), (60, 25), (25, 60)]
# at the largest default size, only the hardest types (all of them run under `slow`)
BIG_TYPES = {"cond_big", "clustered", "zero_mid_col", "large", "cond_sqrt"}
SLOW_SHAPES = [(200, 200), (400, 400), (600, 250), (250, 600)]
SLOW_MAX = {"eig": 200, "eigh_jacobi": 40}


def _cases(slow: bool):
    for name, (family, _check, nmax) in REGISTRY.items():
        for shape in (SLOW_SHAPES if slow else SHAPES):
            m, n = shape
            square = m == n
            if family != "general" and not square:
                continue
            if not slow and max(shape) > nmax:
                continue
            if slow and (max(shape) <= min(nmax, 100) or max(shape) > SLOW_MAX.get(name, 10**6)):
                continue
            if m == 0:
                mats = {"empty": np.zeros((0, 0))}
            elif family in ("general", "square"):
                mats = general(m, n, seed=m * 7 + n)
            elif family == "spd":
                mats = spd(n, seed=n) if n > 1 else {"one": np.array([[4.0]])}
            else:
                mats = symmetric(n, seed=n) if n > 1 else {"one": np.array([[-3.0]])}
            for kind in mats:
                if not slow and max(shape) > 100 and kind not in BIG_TYPES:
                    continue
                yield pytest.param(name, family, shape, kind, id=f"{name}-{m}x{n}-{kind}")


def _matrix(family, shape, kind):
    m, n = shape
    if m == 0:
        return np.zeros((0, 0))
    if family in ("general", "square"):
        return general(m, n, seed=m * 7 + n)[kind]
    if family == "spd":
        return spd(n, seed=n)[kind] if n > 1 else np.array([[4.0]])
    return symmetric(n, seed=n)[kind] if n > 1 else np.array([[-3.0]])


def _run(name, family, shape, kind):
    A = _matrix(family, shape, kind)
    before = A.copy()
    measures = REGISTRY[name][1](A)
    assert np.array_equal(A, before), "input was modified"
    bad = {k: v for k, v in measures.items() if not v < THRESH}
    assert not bad, f"{name} on {kind} {shape}: {bad}"


@pytest.mark.parametrize("name,family,shape,kind", list(_cases(slow=False)))
def test_battery(name, family, shape, kind):
    _run(name, family, shape, kind)


@pytest.mark.slow
@pytest.mark.parametrize("name,family,shape,kind", list(_cases(slow=True)))
def test_battery_large(name, family, shape, kind):
    _run(name, family, shape, kind)


# ----------------------------------------------------------------------------- classics
CLASSIC = classic()
CLASSIC_SYM = {k: v for k, v in CLASSIC.items() if np.array_equal(v, v.T)}
CLASSIC_SPD = {k: CLASSIC[k] for k in ("hilbert8", "pascal10")}


@pytest.mark.parametrize("name", ["lu", "qr", "svd", "eig"])
@pytest.mark.parametrize("kind", list(CLASSIC))
def test_classic_general(name, kind):
    A = CLASSIC[kind]
    measures = REGISTRY[name][1](A)
    assert all(v < THRESH for v in measures.values()), measures


@pytest.mark.parametrize("name", ["eigh", "eigh_jacobi"])
@pytest.mark.parametrize("kind", list(CLASSIC_SYM))
def test_classic_symmetric(name, kind):
    measures = REGISTRY[name][1](CLASSIC_SYM[kind])
    assert all(v < THRESH for v in measures.values()), measures


@pytest.mark.parametrize("kind", list(CLASSIC_SPD))
def test_classic_cholesky(kind):
    measures = check_cholesky(CLASSIC_SPD[kind])
    assert all(v < THRESH for v in measures.values()), measures
