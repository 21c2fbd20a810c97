"""Analytic geometry (MML ch. 3) against NumPy/SymPy oracles and the book's worked examples."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mmlkit.errors import InputValueError, NotPositiveDefiniteError, ShapeError
from mmlkit.exact import ExactMatrix, ExactVector
from mmlkit.linalg import geometry as G

RNG = np.random.default_rng(7)
SPD = np.array([[9.0, 6.0], [6.0, 5.0]])   # MML Example 3.4-style SPD matrix


def test_inner_products():
    x, y = RNG.standard_normal(5), RNG.standard_normal(5)
    assert G.inner(x, y) == pytest.approx(float(np.dot(x, y)))
    X = RNG.standard_normal((5, 5))
    A = X @ X.T + np.eye(5)
    assert G.inner(x, y, A) == pytest.approx(float(x @ A @ y))
    # MML Example 3.3: <x, y> = x1 y1 - (x1 y2 + x2 y1) + 2 x2 y2
    B = [[1, -1], [-1, 2]]
    assert G.inner([1, 2], [3, 4], B) == Fraction(1 * 3 - (1 * 4 + 2 * 3) + 2 * 2 * 4)


def test_exact_inner_and_norms():
    got = G.inner(["1/2", 3], [4, "1/3"])
    assert got == Fraction(3) and isinstance(got, Fraction)
    assert G.norm([3, -4], ord=1) == Fraction(7)
    assert G.norm(["-1/2", "1/3"], ord="inf") == Fraction(1, 2)
    assert G.norm([3, 4]) == 5.0


@pytest.mark.parametrize("ord_", [1, 2, np.inf])
def test_norms_against_numpy(ord_):
    x = RNG.standard_normal(9)
    assert G.norm(x, ord=ord_) == pytest.approx(np.linalg.norm(x, ord_))


def test_norm_no_overflow():
    assert G.norm([3e200, 4e200]) == pytest.approx(5e200)


def test_induced_norm_distance_angle():
    x, y = np.array([1.0, 2.0]), np.array([-1.0, 0.5])
    assert G.norm(x, A=SPD) == pytest.approx(np.sqrt(x @ SPD @ x))
    assert G.distance(x, y, SPD) == pytest.approx(np.sqrt((x - y) @ SPD @ (x - y)))
    c = (x @ SPD @ y) / np.sqrt((x @ SPD @ x) * (y @ SPD @ y))
    assert G.angle(x, y, SPD) == pytest.approx(np.arccos(c))
    # MML Example 3.6: angle between (1, 1) and (1, 2) is arccos(3 / sqrt(10))
    assert G.angle([1, 1], [1, 2]) == pytest.approx(np.arccos(3 / np.sqrt(10)))
    assert G.angle([1.0, 0.0], [-2.0, 0.0]) == pytest.approx(np.pi)


def test_orthogonality_depends_on_inner_product():
    # MML Example 3.7: (1,1) and (-1,1) are orthogonal for the dot product, not for A
    assert G.is_orthogonal([1, 1], [-1, 1])
    assert not G.is_orthogonal([1, 1], [-1, 1], A=[[2, 0], [0, 1]])
    assert G.angle([1, 1], [-1, 1], A=[[2, 0], [0, 1]]) == pytest.approx(1.9106, abs=1e-4)


def test_projection_onto_line_mml_example():
    # MML Example 3.10: projection onto the line spanned by b = (1, 2, 2)
    P = G.projection_matrix([[1, 2, 2]])
    assert isinstance(P, ExactMatrix)
    assert P == ExactMatrix([["1/9", "2/9", "2/9"], ["2/9", "4/9", "4/9"], ["2/9", "4/9", "4/9"]])
    p = G.project([1, 1, 1], [[1, 2, 2]])
    assert p == ExactVector(["5/9", "10/9", "10/9"])


def test_projection_onto_subspace_mml_example():
    # MML Example 3.11: x = (6, 0, 0), U = span{(1,1,1), (0,1,2)} -> (5, 2, -1)
    p = G.project([6, 0, 0], [[1, 1, 1], [0, 1, 2]])
    assert p == ExactVector([5, 2, -1])
    pf = G.project([6.0, 0.0, 0.0], [[1.0, 1.0, 1.0], [0.0, 1.0, 2.0]])
    np.testing.assert_allclose(pf, [5.0, 2.0, -1.0])
    P = G.projection_matrix([[1, 1, 1], [0, 1, 2]])
    B = sympy.Matrix([[1, 0], [1, 1], [1, 2]])
    ref = B * (B.T * B).inv() * B.T
    assert P.tolist() == [[Fraction(int(v.p), int(v.q)) for v in row] for row in ref.tolist()]


def test_projection_float_against_formula():
    B = RNG.standard_normal((6, 3))
    x = RNG.standard_normal(6)
    P_ref = B @ np.linalg.solve(B.T @ B, B.T)
    P = G.projection_matrix(B.T)
    np.testing.assert_allclose(P, P_ref, atol=1e-12)
    np.testing.assert_allclose(P @ P, P, atol=1e-12)          # idempotent
    np.testing.assert_allclose(G.project(x, B.T), P_ref @ x, atol=1e-12)


def test_projection_with_dependent_basis():
    p = G.project([1.0, 2.0, 3.0], [[1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(p, [1.0, 2.0, 0.0], atol=1e-14)
    assert G.project([1, 2, 3], [[1, 0, 0], [2, 0, 0]]) == ExactVector([1, 0, 0])


def test_projection_in_general_inner_product():
    A = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 3.0]])
    B = np.array([[1.0, 1.0, 0.0]]).T
    x = np.array([1.0, -2.0, 4.0])
    ref = B @ np.linalg.solve(B.T @ A @ B, B.T @ A @ x)
    np.testing.assert_allclose(G.project(x, B.T, A=A), ref, atol=1e-12)
    # the residual is A-orthogonal to the subspace
    assert abs(G.inner(x - G.project(x, B.T, A=A), B[:, 0], A)) < 1e-12
    assert G.project([1, -2, 4], [[1, 1, 0]], A=[[2, "1/2", 0], ["1/2", 1, 0], [0, 0, 3]]) \
        == ExactVector(["-1/8", "-1/8", 0])   # lambda = b^T A x / b^T A b = -1/2 / 4


def test_affine_projection():
    # line x0 + t b in R^2: (0, 1) + t (1, 0); the projection of (2, 3) is (2, 1)
    assert G.project_affine([2, 3], [0, 1], [[1, 0]]) == ExactVector([2, 1])
    x0 = np.array([1.0, 1.0, 1.0])
    b = np.array([[1.0, 2.0, 0.0]])
    x = np.array([3.0, -1.0, 2.0])
    p = G.project_affine(x, x0, b)
    assert abs((x - p) @ b[0]) < 1e-12 and np.linalg.matrix_rank(np.c_[p - x0, b[0]]) == 1


def test_orthogonal_complement():
    U = RNG.standard_normal((2, 5))
    C = G.orthogonal_complement(U)
    assert C.shape == (3, 5)
    np.testing.assert_allclose(C @ U.T, 0.0, atol=1e-12)
    np.testing.assert_allclose(C @ C.T, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(G.orthogonal_complement([], dim=3), np.eye(3))


@pytest.mark.parametrize("method", ["classical", "modified"])
def test_gram_schmidt_against_qr(method):
    V = RNG.standard_normal((4, 6))
    Q = np.array(G.gram_schmidt(V, method=method))
    np.testing.assert_allclose(Q @ Q.T, np.eye(4), atol=1e-12)
    Qr, R = np.linalg.qr(V.T)
    np.testing.assert_allclose(np.abs(Q), np.abs(Qr.T), atol=1e-10)


def test_gram_schmidt_mml_example_and_exact():
    # MML Example 3.12: b1 = (2, 0), b2 = (1, 1) -> u1 = (2, 0), u2 = (0, 1)
    assert G.gram_schmidt([[2, 0], [1, 1]], normalize=False) == [
        ExactVector([2, 0]), ExactVector([0, 1])]
    u = G.gram_schmidt([[2.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(u, [[1.0, 0.0], [0.0, 1.0]], atol=1e-15)


def test_modified_gram_schmidt_is_more_orthogonal():
    # Läuchli-type vectors: classical Gram–Schmidt loses orthogonality, modified keeps it
    e = 1e-8
    V = [[1.0, e, 0.0, 0.0], [1.0, 0.0, e, 0.0], [1.0, 0.0, 0.0, e]]
    loss = {m: np.abs(np.array(G.gram_schmidt(V, method=m)) @ np.array(
        G.gram_schmidt(V, method=m)).T - np.eye(3)).max() for m in ("classical", "modified")}
    assert loss["modified"] < 1e-7 < loss["classical"]


def test_gram_schmidt_with_inner_product_and_dependence():
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    U = G.gram_schmidt([[1.0, 0.0], [0.0, 1.0]], A=A)
    Gm = np.array([[G.inner(a, b, A) for b in U] for a in U])
    np.testing.assert_allclose(Gm, np.eye(2), atol=1e-14)
    with pytest.raises(InputValueError, match="span"):
        G.gram_schmidt([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(InputValueError, match="span"):
        G.gram_schmidt([[1, 2], [2, 4]], normalize=False)


def test_rotations():
    t = 0.7
    R = G.rotation_matrix(t)
    np.testing.assert_allclose(R, [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    # MML eqs. (3.76)-(3.78) against scipy's Rotation
    from scipy.spatial.transform import Rotation

    for i, ax in enumerate("xyz"):
        ref = Rotation.from_euler(ax, t).as_matrix()
        np.testing.assert_allclose(G.rotation_matrix(t, axis=i, dim=3), ref, atol=1e-15)
        np.testing.assert_allclose(G.rotation_matrix(t, axis=ax, dim=3), ref, atol=1e-15)
    k = np.array([1.0, 2.0, 2.0])
    ref = Rotation.from_rotvec(t * k / 3.0).as_matrix()
    np.testing.assert_allclose(G.rotation_matrix(t, axis=k, dim=3), ref, atol=1e-14)
    for M in (R, G.rotation_matrix(t, axis=k, dim=3), G.givens(5, 1, 3, t)):
        np.testing.assert_allclose(M @ M.T, np.eye(len(M)), atol=1e-14)
        assert np.linalg.det(M) == pytest.approx(1.0)


def test_givens_mml_definition():
    R = G.givens(4, 0, 2, 0.3)
    ref = np.eye(4)
    ref[0, 0] = ref[2, 2] = np.cos(0.3)
    ref[0, 2], ref[2, 0] = -np.sin(0.3), np.sin(0.3)
    np.testing.assert_allclose(R, ref)


def test_bad_input():
    with pytest.raises(ShapeError):
        G.inner([1, 2], [1, 2, 3])
    with pytest.raises(NotPositiveDefiniteError):
        G.inner([1.0, 2.0], [1.0, 1.0], A=[[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match="symmetric"):
        G.inner([1.0, 2.0], [1.0, 1.0], A=[[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError):
        G.norm([1.0, np.nan])
    with pytest.raises(InputValueError, match="ord"):
        G.norm([1.0], ord=3)
    with pytest.raises(InputValueError, match="zero vector"):
        G.angle([0.0, 0.0], [1.0, 0.0])
    with pytest.raises(InputValueError):
        G.givens(3, 0, 0, 1.0)
    with pytest.raises(InputValueError):
        G.givens(3, 0, 3, 1.0)
    with pytest.raises(InputValueError):
        G.rotation_matrix(1.0, axis=[0, 0, 0], dim=3)
    with pytest.raises(InputValueError):
        G.rotation_matrix(1.0, dim=4)


@given(arrays(np.float64, 4, elements=st.floats(-1e3, 1e3)),
       arrays(np.float64, 4, elements=st.floats(-1e3, 1e3)))
def test_cauchy_schwarz_and_triangle(x, y):
    assert abs(G.inner(x, y)) <= G.norm(x) * G.norm(y) * (1 + 1e-12) + 1e-300
    assert G.norm(x + y) <= (G.norm(x) + G.norm(y)) * (1 + 1e-12) + 1e-300
