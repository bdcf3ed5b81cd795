"""Lesson 2: the chain rule on one weight, and the tutorial's diagonal-Jacobian claim."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.explain import as_float64, parameter_chain, sample_input
from gdstudio.core.nn.model import Derivation, TutorialNet

from .conftest import Run


@pytest.fixture(scope="module")
def sample0(embedded: Dataset, one_epoch: Run) -> tuple[np.ndarray, int, Derivation]:
    x, label = sample_input(embedded, "valid", 0)
    return x, label, TutorialNet().derive(as_float64(one_epoch.params), x, label)


def test_sample_0_is_a_seven(sample0: tuple[np.ndarray, int, Derivation]) -> None:
    assert sample0[1] == 7


def test_jacobian_rows_sum_to_zero(sample0: tuple[np.ndarray, int, Derivation]) -> None:
    np.testing.assert_allclose(sample0[2].softmax_jacobian.sum(axis=1), 0, atol=1e-15)


def test_off_diagonal_terms_are_not_small(sample0: tuple[np.ndarray, int, Derivation]) -> None:
    d = sample0[2]
    s, jacobian = d.output, d.softmax_jacobian
    off = jacobian - np.diag(np.diag(jacobian))
    np.testing.assert_allclose(off, -np.outer(s, s) + np.diag(s * s), atol=1e-15)  # −sᵢsⱼ
    assert round(float(np.abs(off).max()), 3) == 0.015
    assert round(float(np.diag(jacobian).max()), 3) == 0.049


def test_ten_terms_sum_to_the_fast_path(embedded: Dataset, one_epoch: Run) -> None:
    x, label = sample_input(embedded, "valid", 0)
    chain = parameter_chain(TutorialNet(), one_epoch.params, x, label, "w1", (407, 7))
    assert len(chain.terms) == 10
    assert f"{chain.total:.12e}" == f"{chain.fast:.12e}"  # "to all printed digits"


def test_largest_term_is_the_label(embedded: Dataset, one_epoch: Run) -> None:
    x, label = sample_input(embedded, "valid", 0)
    chain = parameter_chain(TutorialNet(), one_epoch.params, x, label, "w1", (407, 7))
    largest = max(chain.terms, key=lambda t: abs(t.value))
    assert largest.index == label == 7
    d = TutorialNet().derive(as_float64(one_epoch.params), x, label)
    assert d.dL_doutput[7] == pytest.approx(-2 * (1 - d.output[7]))
    column = d.softmax_jacobian[:, 7]
    assert np.argmax(np.abs(column)) == 7


def test_diagonal_jacobian_is_wrong(sample0: tuple[np.ndarray, int, Derivation]) -> None:
    d = sample0[2]
    diagonal_only = np.diag(np.diag(d.softmax_jacobian)).T @ d.dL_doutput  # one term, not ten
    assert np.abs(diagonal_only - d.dL_dL1).max() > 0.01 * np.abs(d.dL_dL1).max()
