import numpy as np
import pytest

from gdstudio.core.nn.functions import softmax, softmax_jacobian
from gdstudio.core.nn.gradcheck import check_gradients, numeric_gradients
from gdstudio.core.nn.model import ConfigError, ModelConfig, TutorialNet


@pytest.fixture
def model() -> TutorialNet:
    return TutorialNet()


@pytest.fixture
def point(model: TutorialNet):
    """float64 parameters away from initialisation, and a few real digits."""
    rng = np.random.default_rng(7)
    params = model.init_params(rng, dtype=np.float64)
    params["b0"] = rng.normal(0, 0.5, 784)
    params["b1"] = rng.normal(0, 0.5, 10)
    x = rng.random((6, 784)) * (rng.random((6, 784)) < 0.2)
    labels = np.array([0, 3, 3, 9, 5, 1])
    return params, x, labels


def test_initialisation_follows_the_tutorial(model: TutorialNet) -> None:
    params = model.init_params(np.random.default_rng(0))
    limit = np.sqrt(6 / (784 + 10))
    assert params["w1"].shape == (784, 10) and params["w1"].dtype == np.float32
    assert np.abs(params["w1"]).max() <= limit
    assert np.abs(params["w1"]).max() > 0.9 * limit
    assert not params["b0"].any() and not params["b1"].any()
    again = model.init_params(np.random.default_rng(0))
    np.testing.assert_array_equal(params["w1"], again["w1"])


def test_forward_is_the_tutorial_formula(model: TutorialNet, point) -> None:
    params, x, labels = point
    L0 = np.tanh(x + params["b0"])
    L1 = L0 @ params["w1"] + params["b1"]
    expected = np.exp(L1) / np.exp(L1).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.forward(params, x), expected, rtol=1e-12)
    y = np.eye(10)[labels]
    np.testing.assert_allclose(model.losses(params, x, labels), ((y - expected) ** 2).sum(1))


def test_softmax_is_stable_for_huge_inputs() -> None:
    s = softmax(np.array([[1000.0, 0.0, -1000.0]]))
    assert np.isfinite(s).all()
    np.testing.assert_allclose(s, [[1, 0, 0]])


def test_softmax_jacobian_rows_sum_to_zero() -> None:
    s = softmax(np.random.default_rng(0).normal(size=10))
    jac = softmax_jacobian(s)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s))
    np.testing.assert_allclose(jac.sum(axis=1), 0, atol=1e-15)


def test_derivation_spells_out_the_chain_rule(model: TutorialNet, point) -> None:
    params, x, labels = point
    d = model.derive(params, x[0], int(labels[0]))
    np.testing.assert_allclose(d.dL_doutput, -2 * (d.y - d.output))
    np.testing.assert_allclose(d.tanh_derivative, 1 - np.tanh(x[0] + params["b0"]) ** 2)
    np.testing.assert_allclose(d.grad_w1, np.outer(d.L0, d.softmax_jacobian @ d.dL_doutput))
    np.testing.assert_allclose(d.grad_b0, d.tanh_derivative * (params["w1"] @ d.grad_b1))


def test_both_paths_agree_to_1e_10(model: TutorialNet, point) -> None:
    params, x, labels = point
    fast = model.gradients(params, x, labels)
    jac = model.jacobian_gradients(params, x, labels)
    assert fast.loss == pytest.approx(jac.loss, rel=1e-12)
    assert fast.correct == jac.correct
    for name in model.param_names:
        np.testing.assert_allclose(jac.grads[name], fast.grads[name], rtol=1e-10, atol=1e-15)


def test_both_paths_match_finite_differences(model: TutorialNet, point) -> None:
    params, x, labels = point
    result = check_gradients(model, params, x, labels)
    for name in model.param_names:
        assert result.worst(name) < 1e-6, name
    assert result.jacobian_vs_fast < 1e-10


def test_gradient_check_notices_a_wrong_gradient(model: TutorialNet, point) -> None:
    params, x, labels = point
    numeric = numeric_gradients(model, params, x, labels)
    wrong = model.gradients(params, x, labels).grads["w1"] * 1.001
    from gdstudio.core.nn.gradcheck import group_relative_error

    assert group_relative_error(wrong, numeric["w1"]) > 1e-4


def test_fast_path_keeps_float32(model: TutorialNet) -> None:
    params = model.init_params(np.random.default_rng(0))
    x = np.random.default_rng(1).random((5, 784), dtype=np.float32)
    result = model.gradients(params, x, np.arange(5))
    assert all(g.dtype == np.float32 for g in result.grads.values())


def test_config_round_trip_and_rejects_unknown() -> None:
    config = ModelConfig()
    assert ModelConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="unknown"):
        ModelConfig.from_dict({**config.to_dict(), "loss": "hinge"})
    with pytest.raises(ConfigError, match="unknown model setting"):
        ModelConfig.from_dict({**config.to_dict(), "layers": 3})
