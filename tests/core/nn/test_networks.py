"""The options beside the tutorial's network: architectures, activations, losses, training."""

import itertools
import json
import math
from dataclasses import replace

import numpy as np
import pytest

from gdstudio.core.files.checkpoint import (
    Checkpoint,
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
)
from gdstudio.core.files.session_format import decode_session, encode_session
from gdstudio.core.files.session_model import Session, SessionRun
from gdstudio.core.nn.functions import ACTIVATIONS, LOSSES, CrossEntropy
from gdstudio.core.nn.gradcheck import check_gradients, generic_point
from gdstudio.core.nn.layers import he_limit
from gdstudio.core.nn.mlp import MLPNet
from gdstudio.core.nn.model import (
    ARCHITECTURES,
    ConfigError,
    LinearNet,
    ModelConfig,
    TutorialNet,
    build_model,
)
from gdstudio.core.nn.optimizers import schedule_factor
from gdstudio.core.training.experiments import loss_comparison, optimizer_comparison
from gdstudio.core.training.presets import PRESETS, preset
from gdstudio.core.training.trainer import TrainConfig, Trainer

COMBINATIONS = list(itertools.product(ARCHITECTURES, ACTIVATIONS, LOSSES))


def small_batch(seed: int = 3):
    rng = np.random.default_rng(seed)
    x = rng.random((4, 784)) * (rng.random((4, 784)) < 0.25)
    return x, np.array([2, 7, 7, 0])


@pytest.mark.parametrize(("architecture", "activation", "loss"), COMBINATIONS)
def test_gradient_check_passes_for_every_combination(architecture, activation, loss) -> None:
    config = ModelConfig(architecture=architecture, activation=activation, loss=loss, hidden=16)
    model = build_model(config)
    x, labels = small_batch()
    result = check_gradients(model, generic_point(model, 0), x, labels)
    assert set(result.fast) == set(model.param_names)
    assert max(result.fast.values()) < 1e-6
    assert max(result.jacobian.values()) < 1e-6
    assert result.jacobian_vs_fast < 1e-10


def test_build_model_returns_each_architecture() -> None:
    assert type(build_model()) is TutorialNet
    assert type(build_model(ModelConfig(architecture="linear"))) is LinearNet
    mlp = build_model(ModelConfig(architecture="mlp", hidden=32))
    assert type(mlp) is MLPNet
    assert mlp.param_shapes() == {"w1": (784, 32), "b1": (32,), "w2": (32, 10), "b2": (10,)}
    assert LinearNet().param_shapes() == {"w1": (784, 10), "b1": (10,)}


def test_config_rejects_bad_settings_and_ignores_unused_ones() -> None:
    with pytest.raises(ConfigError, match="16 to 512"):
        ModelConfig(architecture="mlp", hidden=8).validate()
    with pytest.raises(ConfigError, match="unknown architecture 'cnn'"):
        ModelConfig(architecture="cnn").validate()
    with pytest.raises(ConfigError, match="unknown loss"):
        ModelConfig.from_dict({"loss": "hinge"})
    assert ModelConfig(hidden=300).canonical() == ModelConfig()
    linear = ModelConfig(architecture="linear", activation="relu")
    assert linear.canonical() == ModelConfig(architecture="linear")
    old_file = {"architecture": "tutorial", "activation": "tanh", "loss": "squared"}
    assert ModelConfig.from_dict(old_file) == ModelConfig()  # written before `hidden` existed


def test_initialisation_fits_the_activation() -> None:
    rng = np.random.default_rng(0)
    relu = MLPNet(ModelConfig(architecture="mlp", activation="relu", hidden=64))
    w1 = relu.init_params(rng)["w1"]
    assert np.abs(w1).max() <= he_limit(784) and np.abs(w1).max() > 0.95 * he_limit(784)
    assert "He" in relu.init_description
    tanh = MLPNet(ModelConfig(architecture="mlp", hidden=64))
    params = tanh.init_params(rng)
    limit = math.sqrt(6 / (784 + 64))
    assert limit * 0.95 < np.abs(params["w1"]).max() <= limit
    assert "Glorot" in tanh.init_description
    assert not params["b1"].any() and not params["b2"].any()
    assert params["w1"].dtype == np.float32


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_cross_entropy_gradient_at_the_logits_is_output_minus_y(architecture) -> None:
    model = build_model(ModelConfig(architecture=architecture, loss="cross_entropy", hidden=16))
    x, labels = small_batch()
    d = model.derive_layers(generic_point(model, 1), x[0], int(labels[0]))
    last = d.blocks[-1]
    assert last.jacobian.shape == (10, 10)  # it did go through the softmax Jacobian
    np.testing.assert_allclose(last.dL_dpre, d.output - d.y, rtol=0, atol=1e-12)
    np.testing.assert_allclose(d.loss, -np.log(d.output[labels[0]]), rtol=1e-12)


def test_tutorial_derivation_with_cross_entropy_gives_output_minus_y() -> None:
    model = TutorialNet(ModelConfig(loss="cross_entropy"))
    x, labels = small_batch()
    d = model.derive(generic_point(model, 2), x[1], int(labels[1]))
    np.testing.assert_allclose(d.dL_dL1, d.output - d.y, rtol=0, atol=1e-12)


def test_layered_derivation_of_the_tutorial_matches_derive() -> None:
    model = TutorialNet()
    x, labels = small_batch()
    params = generic_point(model, 4)
    d, layered = model.derive(params, x[2], 7), model.derive_layers(params, x[2], 7)
    first, second = layered.blocks
    assert (first.layer.weight, first.layer.bias, second.layer.weight) == (None, "b0", "w1")
    np.testing.assert_allclose(first.post, d.L0, rtol=1e-14)
    np.testing.assert_allclose(first.jacobian, d.tanh_derivative, rtol=1e-14)
    np.testing.assert_allclose(second.jacobian, d.softmax_jacobian, rtol=1e-14)
    np.testing.assert_allclose(second.dL_dpre, d.dL_dL1, rtol=1e-12)
    for name, g in d.grads().items():
        np.testing.assert_allclose(layered.grads()[name], g, rtol=1e-12, atol=1e-16)


def test_cross_entropy_is_finite_for_extreme_logits() -> None:
    loss = CrossEntropy()
    logits = np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32)
    value = loss.value_from_logits(logits, np.array([2]))
    assert np.isfinite(value).all() and value[0] == pytest.approx(2000)
    losses, s, delta = loss.mean_gradient_from_logits(logits, np.array([2]))
    assert np.isfinite(losses).all() and np.isfinite(delta).all()
    np.testing.assert_allclose(delta, [[1, 0, -1]])
    # the Jacobian path's form clips output[label] at the smallest normal float
    clipped, gradient = loss.value_and_gradient(s, np.array([2]))
    assert np.isfinite(clipped).all() and np.isfinite(gradient).all()


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_fast_path_keeps_float32(architecture) -> None:
    model = build_model(ModelConfig(architecture=architecture, activation="relu", hidden=16))
    params = model.init_params(np.random.default_rng(0))
    x, labels = small_batch()
    result = model.gradients(params, x.astype(np.float32), labels, overwrite_x=True)
    assert all(g.dtype == np.float32 for g in result.grads.values())
    assert list(result.grads) == list(model.param_names)


def test_schedules() -> None:
    assert schedule_factor("constant", 7.3, 10, 5) == 1
    assert [schedule_factor("step", e, 20, 5) for e in (0, 4.9, 5, 12)] == pytest.approx(
        [1, 1, 0.1, 0.01]
    )
    assert schedule_factor("cosine", 0, 10, 5) == 1
    assert schedule_factor("cosine", 5, 10, 5) == pytest.approx(0.5)
    assert schedule_factor("cosine", 10, 10, 5) == pytest.approx(0)
    with pytest.raises(ValueError, match="unknown schedule"):
        schedule_factor("linear", 0, 1, 1)


def test_trainer_reports_the_scheduled_rate_and_a_live_change_rescales_it(embedded) -> None:
    trainer = Trainer(embedded, TrainConfig(lr=0.5, epochs=2, schedule="cosine"))
    first = trainer.step()
    assert first.scheduled_lr == 0.5  # epoch 0: factor 1
    steps_per_epoch = len(embedded.train) // 100
    for _ in range(steps_per_epoch - 1):
        report = trainer.step()
    assert report.epoch == 1
    trainer.base_lr = 2.0  # the user's new alpha: the schedule multiplies it
    assert trainer.step().scheduled_lr == pytest.approx(2.0 * 0.5, rel=1e-12)


def test_weight_decay_adds_lambda_w_to_the_gradient(embedded) -> None:
    config = TrainConfig(lr=0.5, weight_decay=0.01)
    trainer = Trainer(embedded, config)
    plain = Trainer(embedded, replace(config, weight_decay=0.0))
    start = {k: v.copy() for k, v in trainer.params.items()}
    index = trainer._order[:100]
    x, labels = embedded.train.inputs(index), embedded.train.labels[index]
    grads = trainer.model.gradients(start, x, labels).grads
    trainer.step()
    plain.step()
    for name, w in start.items():
        expected = w - np.float32(0.5) * (grads[name] + np.float32(0.01) * w)
        np.testing.assert_allclose(trainer.params[name], expected, rtol=1e-5, atol=1e-7)
    assert not np.allclose(trainer.params["w1"], plain.params["w1"])
    with pytest.raises(ValueError, match="weight decay"):
        TrainConfig(weight_decay=-1).validate()


def test_presets() -> None:
    assert set(PRESETS) == {"tutorial", "softmax-regression", "mlp"}
    assert preset("tutorial").model == ModelConfig() and preset("tutorial").train == TrainConfig()
    assert preset("softmax-regression").model.architecture == "linear"
    mlp = preset("mlp")
    assert (mlp.model.architecture, mlp.model.hidden, mlp.model.activation) == ("mlp", 100, "tanh")
    assert (mlp.model.loss, mlp.train.optimizer) == ("cross_entropy", "momentum")
    with pytest.raises(ValueError, match="unknown preset 'big'"):
        preset("big")


def test_mlp_preset_learns_fast(embedded) -> None:
    """Its target (test accuracy >= 0.93 in 10 epochs) is measured by `gdstudio train
    --preset mlp`; one epoch already passes 0.9 (0.914 measured)."""
    chosen = preset("mlp")
    config = replace(chosen.train_config(), epochs=1)
    trainer = Trainer(embedded, config, build_model(chosen.model))
    for _ in trainer.run():
        pass
    assert trainer.history[-1].valid_accuracy >= 0.9


def test_checkpoint_for_another_architecture_is_refused(tmp_path) -> None:
    model = build_model(preset("mlp").model)
    path = tmp_path / "mlp.npz"
    params = model.init_params(np.random.default_rng(0))
    save_checkpoint(path, Checkpoint(params=params, config=model.config))
    loaded = load_checkpoint(path)
    assert loaded.config == model.config and set(loaded.params) == set(model.param_names)
    with pytest.raises(CheckpointError, match=r"made for the mlp 784-100-10 .* the tutorial"):
        load_checkpoint(path, expect=ModelConfig())


def test_one_click_comparisons(embedded) -> None:
    base = TrainConfig(epochs=1)
    plan = loss_comparison(ModelConfig(), base)
    assert [m.loss for m in plan.models] == ["squared", "cross_entropy"]
    comparison = plan.build(embedded)
    assert [t.model.config.loss for t in comparison.trainers] == ["squared", "cross_entropy"]
    comparison.step()
    same_start = [t.initial_params["w1"] for t in comparison.trainers]
    np.testing.assert_array_equal(*same_start)
    plan = optimizer_comparison(ModelConfig(), base)
    assert [c.optimizer for c in plan.configs] == ["sgd", "adam"]
    assert plan.names[1].startswith("Adam")


def test_sessions_keep_the_network_and_the_training_options() -> None:
    chosen = preset("mlp")
    model = build_model(replace(chosen.model, hidden=16))
    config = replace(chosen.train_config(), weight_decay=1e-4, schedule="step", step_epochs=2)
    run = SessionRun("mlp", config, model.init_params(np.random.default_rng(0)))
    arrays = encode_session(Session(runs=(run,), model=model.config))
    back = decode_session(arrays)
    assert back.model == model.config
    assert back.runs[0].config == config
    # a file written before weight decay and schedules existed still opens
    meta = json.loads(str(arrays["metadata"]))
    for key in ("weight_decay", "schedule", "step_epochs"):
        del meta["runs"][0]["config"][key]
    arrays["metadata"] = np.array(json.dumps(meta))
    assert decode_session(arrays).runs[0].config == replace(
        config, weight_decay=0.0, schedule="constant", step_epochs=5
    )


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_left_times_derivative_is_the_product_with_the_derivative(activation) -> None:
    f = ACTIVATIONS[activation]()
    rng = np.random.default_rng(5)
    a = f(rng.normal(size=(7, 5)))
    left = rng.normal(size=(3, 7))
    expected = left @ f.derivative(a.copy())
    np.testing.assert_allclose(f.left_times_derivative(left, a.copy()), expected, rtol=1e-12)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_fast_loss_gradient_is_the_same_in_either_memory_layout(loss) -> None:
    """The tutorial's fast path hands its logits over class-major (a transposed view)."""
    rng = np.random.default_rng(6)
    logits = rng.normal(size=(9, 10))
    labels = rng.integers(0, 10, size=9).astype(np.uint8)
    row_major = LOSSES[loss]().mean_gradient_from_logits(logits.copy(), labels)
    class_major = LOSSES[loss]().mean_gradient_from_logits(np.asfortranarray(logits), labels)
    for a, b in zip(row_major, class_major, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
