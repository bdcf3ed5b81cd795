"""The numbers the derivation shows equal independent computations from the same parameters."""

from __future__ import annotations

import json
from dataclasses import asdict

import numpy as np
import pytest
from explain_helpers import SignFlipped, fast_gradients

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.explain import (
    EXPLAIN_KEYS,
    STAGES,
    StepThrough,
    chain_lines,
    explain_sample,
    explanation,
    initial_params,
    parameter_chain,
    parse_parameter,
    sample_input,
    summary_lines,
)
from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.gradcheck import (
    ENTRY_TOLERANCE,
    H_RANGE,
    Entry,
    check_entries,
    check_gradients,
    error_against_h,
    random_entries,
)
from gdstudio.core.nn.model import Params, TutorialNet
from gdstudio.core.training.trainer import TrainConfig, Trainer


@pytest.fixture
def model() -> TutorialNet:
    return TutorialNet()


@pytest.fixture
def params(model: TutorialNet) -> Params:
    """float64 parameters away from initialisation (b0, b1 non-zero), as after some training."""
    rng = np.random.default_rng(3)
    p = model.init_params(rng, dtype=np.float64)
    p["b0"] = rng.normal(0, 0.5, 784)
    p["b1"] = rng.normal(0, 0.5, 10)
    return p


@pytest.fixture
def sample(embedded: Dataset) -> tuple[Array, int]:
    return sample_input(embedded, "valid", 0)


def test_explanation_equals_the_fast_path(model, params, sample) -> None:
    x, label = sample
    result = explanation(model, params, x, label)
    assert tuple(result) == EXPLAIN_KEYS
    assert result["label"] == label
    fast = fast_gradients(params, x, label)
    for name in ("b0", "w1", "b1"):
        ours = np.array(result[f"grad_{name}"])
        assert ours.shape == params[name].shape
        np.testing.assert_allclose(ours, fast[name], rtol=1e-10, atol=1e-14)
    # the other entries against the tutorial's formulas, computed here from scratch
    L0 = np.tanh(x + params["b0"])
    L1 = L0 @ params["w1"] + params["b1"]
    s = np.exp(L1 - L1.max()) / np.exp(L1 - L1.max()).sum()
    y = np.eye(10)[label]
    np.testing.assert_allclose(result["output"], s, rtol=1e-12)
    np.testing.assert_allclose(result["dL_doutput"], -2 * (y - s), rtol=1e-12)
    np.testing.assert_allclose(result["tanh_derivative"], 1 - L0**2, rtol=1e-12)
    jac = np.array(result["softmax_jacobian"])
    assert jac.shape == (10, 10)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), rtol=1e-12, atol=1e-18)
    np.testing.assert_allclose(jac.sum(axis=1), 0, atol=1e-15)


def test_explain_sample_is_json_and_starts_from_the_trainers_initial_params(
    model, embedded
) -> None:
    result = explain_sample(model, embedded, "test", 5)
    assert set(EXPLAIN_KEYS) <= set(result)
    again = json.loads(json.dumps(result))
    assert again == result
    assert result["label"] == int(embedded.test.labels[5])
    start = Trainer(embedded, TrainConfig(seed=0)).params
    x = embedded.test.inputs(slice(5, 6), dtype=np.float64)[0]
    p64 = {k: v.astype(np.float64) for k, v in start.items()}
    fast = fast_gradients(p64, x, int(embedded.test.labels[5]))
    np.testing.assert_allclose(result["grad_w1"], fast["w1"], rtol=1e-10, atol=1e-14)
    assert result["jacobian_vs_fast"] < 1e-10
    assert any("prediction" in line for line in summary_lines(result))


def test_a_sample_out_of_range_is_named(embedded) -> None:
    with pytest.raises(ValueError, match="sample 1000 is not in the valid split"):
        sample_input(embedded, "valid", 1000)
    with pytest.raises(ValueError, match="unknown split"):
        sample_input(embedded, "nope", 0)


def test_initial_params_are_those_of_the_trainer(embedded) -> None:
    ours = initial_params(embedded, seed=4)
    theirs = Trainer(embedded, TrainConfig(seed=4)).params
    for name in theirs:
        np.testing.assert_array_equal(ours[name], theirs[name])


@pytest.mark.parametrize(
    ("name", "index", "terms"), [("w1", (407, 3), 10), ("b1", (7,), 10), ("b0", (407,), 10)]
)
def test_the_chain_of_one_parameter_sums_to_the_fast_path(
    model, params, sample, name, index, terms
) -> None:
    x, label = sample
    chain = parameter_chain(model, params, x, label, name, index)
    fast = fast_gradients(params, x, label)[name][index]
    assert len(chain.terms) == terms
    assert chain.fast == fast
    assert chain.total == pytest.approx(fast, rel=1e-10, abs=1e-16)
    for term in chain.terms:
        assert term.value == pytest.approx(float(np.prod(term.factors)), rel=1e-14)
    assert chain_lines(asdict(chain))[0].startswith(f"∂L/∂{name}[")


def test_the_chain_terms_are_the_tutorials_factors(model, params, sample) -> None:
    x, label = sample
    d = model.derive(params, x, label)
    i, j = 407, 3
    chain = parameter_chain(model, params, x, label, "w1", (i, j), derivation=d)
    s = d.output
    for k, term in enumerate(chain.terms):
        jac_kj = (s[k] if k == j else 0.0) - s[k] * s[j]
        assert term.index == k
        assert term.factors == pytest.approx(
            (-2 * (d.y[k] - s[k]), jac_kj, np.tanh(x[i] + params["b0"][i]))
        )
    b0 = parameter_chain(model, params, x, label, "b0", (i,), derivation=d)
    for jj, term in enumerate(b0.terms):
        # the first factor of each outer term is the inner sum over k
        assert term.factors[0] == pytest.approx(sum(t.value for t in term.inner), rel=1e-12)
        assert term.factors[1] == params["w1"][i, jj]
        assert term.factors[2] == pytest.approx(1 - np.tanh(x[i] + params["b0"][i]) ** 2)
        assert len(term.inner) == 10


def test_a_parameter_outside_the_model_is_refused(model, params, sample) -> None:
    x, label = sample
    with pytest.raises(ValueError, match=r"w1\[784, 0\] is not an entry"):
        parameter_chain(model, params, x, label, "w1", (784, 0))
    with pytest.raises(ValueError, match="unknown parameter"):
        parameter_chain(model, params, x, label, "w2", (0, 0))


def test_step_through_updates_by_minus_alpha_times_the_gradient(model, params, sample) -> None:
    x, label = sample
    alpha = 0.7
    steps = StepThrough(model, params, x, label, alpha)
    assert steps.stage == "forward" and steps.at_start
    seen = [steps.stage] + [steps.next() for _ in range(3)]
    assert tuple(seen) == STAGES
    cycle = steps.cycle
    fast = fast_gradients(params, x, label)
    for name, p in params.items():
        np.testing.assert_array_equal(
            cycle.params_after[name], p - alpha * cycle.derivation.grads()[name]
        )
        np.testing.assert_allclose(
            cycle.params_after[name] - p, -alpha * fast[name], rtol=1e-9, atol=1e-15
        )
    loss_after = model.losses(cycle.params_after, x[None], np.array([label]))[0]
    assert cycle.loss_after == loss_after
    assert cycle.loss_before == model.losses(params, x[None], np.array([label]))[0]
    assert cycle.loss_after < cycle.loss_before  # a small step downhill


def test_step_through_back_returns_to_the_previous_stage(model, params, sample) -> None:
    x, label = sample
    steps = StepThrough(model, params, x, label, 1.0)
    assert steps.back() == "forward" and steps.at_start  # nothing before the start
    for _ in range(4):
        steps.next()
    assert steps.stage == "forward" and steps.step == 1  # the second step
    second = steps.cycle
    np.testing.assert_array_equal(second.params["w1"], steps._cycles[0].params_after["w1"])
    assert second.loss_before == steps._cycles[0].loss_after
    assert steps.back() == "update" and steps.step == 0
    assert steps.back() == "backward"
    assert steps.next() == "update"
    with pytest.raises(ValueError, match="learning rate"):
        StepThrough(model, params, x, label, 0.0)


# -- gradient check ------------------------------------------------------------------------


def entries(model: TutorialNet) -> list[Entry]:
    return random_entries(model.param_shapes(), 20, np.random.default_rng(0))


def test_random_entries_are_distinct_and_inside(model) -> None:
    picked = entries(model)
    assert len(picked) == 50  # 20 + 20 + all 10 of b1
    assert len(set(picked)) == 50
    shapes = model.param_shapes()
    for name, index in picked:
        assert all(0 <= i < n for i, n in zip(index, shapes[name], strict=True))


def test_the_entry_check_passes_for_correct_gradients(model, params, sample) -> None:
    x, label = sample
    checks = check_entries(model, params, x[None], np.array([label]), entries(model))
    assert all(c.passed() == (True, True) for c in checks)
    assert max(max(c.error_fast, c.error_jacobian) for c in checks) < ENTRY_TOLERANCE
    assert any(abs(c.fast) > 1e-4 for c in checks)  # not a check of zeros only


@pytest.mark.parametrize("path", ["jacobian", "fast"])
def test_the_entry_check_fails_for_a_sign_flipped_gradient(params, sample, path) -> None:
    x, label = sample
    wrong = SignFlipped(path)
    checks = check_entries(wrong, params, x[None], np.array([label]), entries(wrong))
    jacobian_passes = [c.passed()[0] for c in checks]
    fast_passes = [c.passed()[1] for c in checks]
    wrong_passes, right_passes = (
        (jacobian_passes, fast_passes) if path == "jacobian" else (fast_passes, jacobian_passes)
    )
    assert all(right_passes)
    assert sum(wrong_passes) < 10  # only entries whose gradient is (nearly) zero survive a flip
    errors = [c.error_jacobian if path == "jacobian" else c.error_fast for c in checks]
    assert max(errors) == pytest.approx(2, rel=1e-4)  # |−a − a| / |a|


@pytest.mark.parametrize("path", ["jacobian", "fast"])
def test_the_full_check_fails_for_a_sign_flipped_gradient(params, sample, path) -> None:
    x, label = sample
    result = check_gradients(SignFlipped(path), params, x[None], np.array([label]))
    bad = result.jacobian if path == "jacobian" else result.fast
    good = result.fast if path == "jacobian" else result.jacobian
    assert min(bad.values()) > 1 and max(good.values()) < 1e-6
    assert result.jacobian_vs_fast > 1


def test_the_error_against_h_is_a_v(model, params, sample) -> None:
    x, label = sample
    curve = error_against_h(model, params, x[None], np.array([label]), ("b1", (label,)))
    assert curve.h[0] == 1e-1 and curve.h[-1] == pytest.approx(1e-10)
    assert len(curve.h) == len(H_RANGE) == 37
    best = int(np.argmin(curve.error_fast))
    assert 1e-7 <= curve.h[best] <= 1e-3  # near the cube root of machine epsilon
    assert curve.error_fast[0] > 100 * curve.error_fast[best]  # truncation, h too large
    assert curve.error_fast[-1] > 100 * curve.error_fast[best]  # rounding, h too small
    np.testing.assert_allclose(curve.error_jacobian, curve.error_fast, rtol=1e-3, atol=1e-9)


def test_explain_sample_with_a_parameter_writes_out_its_chain(model, embedded) -> None:
    result = explain_sample(model, embedded, "valid", 0, parameter=parse_parameter("b0[ 300 ]"))
    chain = result["chain"]
    assert (chain["name"], chain["index"]) == ("b0", (300,))
    assert chain["total"] == pytest.approx(result["grad_b0"][300], rel=1e-10, abs=1e-16)
    assert len(chain["terms"][0]["inner"]) == 10
    lines = summary_lines(result)
    assert any(line.startswith("∂L/∂b0[300]") for line in lines)
    assert json.loads(json.dumps(result))["chain"]["total"] == chain["total"]
    assert parse_parameter("w1[407,3]") == ("w1", (407, 3))
    with pytest.raises(ValueError, match="not a parameter entry"):
        parse_parameter("w1(407)")
