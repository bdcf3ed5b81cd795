"""Training throughput of the fast path, the per-sample Jacobian path and PyTorch autograd.

All three train the same network (the tutorial's, or another preset's with `--preset`, e.g.
`--preset mlp`: 784-100-10, tanh, cross-entropy, momentum 0.9, with the preset's optimizer)
with the same data pipeline (batches of 100 drawn from the embedded training split, uint8
converted to float32) on one thread. GD Studio's trainer
evaluates the whole training and validation splits at each epoch's end; those steps are left out
of its timing, since the PyTorch loop evaluates nothing. They are measured in
alternating rounds in the same process, and each reports its median, so load on this shared
machine affects all of them alike. The last line printed is JSON.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy loads its BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402

from gdstudio.core.data.datasets import Dataset, load_dataset  # noqa: E402
from gdstudio.core.nn.model import LayeredNet, build_model  # noqa: E402
from gdstudio.core.training.presets import PRESETS, Preset, preset  # noqa: E402
from gdstudio.core.training.trainer import TrainConfig, Trainer  # noqa: E402

BATCH = 100


def jacobian_path(model: LayeredNet) -> LayeredNet:
    """The same network trained through the per-sample Jacobian path."""

    def gradients(params, x, labels, overwrite_x=False):  # type: ignore[no-untyped-def]
        return model.jacobian_gradients(params, x, labels)

    model.gradients = gradients  # type: ignore[method-assign]
    return model


def trainer_rate(dataset: Dataset, chosen: Preset, model: LayeredNet) -> Callable[[float], float]:
    config = TrainConfig(
        lr=chosen.train.lr, batch_size=BATCH, epochs=10**9, optimizer=chosen.train.optimizer
    )
    trainer = Trainer(dataset, config, model)

    def measure(seconds: float) -> float:
        steps, busy = 0, 0.0
        while busy < seconds:
            start = time.perf_counter()
            report = trainer.step()
            if report.epoch_end is None:
                busy += time.perf_counter() - start
                steps += 1
        return steps * BATCH / busy

    return measure


def torch_rate(dataset: Dataset, chosen: Preset) -> Callable[[float], float] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    images = torch.from_numpy(dataset.train.images.reshape(len(dataset.train), 784).copy())
    labels = torch.from_numpy(dataset.train.labels.astype(np.int64))
    model = build_model(chosen.model)
    params = model.init_params(np.random.default_rng(0))
    tensors = {k: torch.tensor(params[k], requires_grad=True) for k in model.param_names}
    eye = torch.eye(10)
    activation = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}[
        chosen.model.activation
    ]
    optimizer = {
        "sgd": lambda: torch.optim.SGD(tensors.values(), lr=chosen.train.lr),
        "momentum": lambda: torch.optim.SGD(tensors.values(), lr=chosen.train.lr, momentum=0.9),
    }[chosen.train.optimizer]()

    def logits(x: torch.Tensor) -> torch.Tensor:
        t = tensors
        if chosen.model.architecture == "tutorial":
            return activation(x + t["b0"]) @ t["w1"] + t["b1"]
        if chosen.model.architecture == "linear":
            return x @ t["w1"] + t["b1"]
        return activation(x @ t["w1"] + t["b1"]) @ t["w2"] + t["b2"]

    def loss_of(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if chosen.model.loss == "cross_entropy":
            return torch.nn.functional.cross_entropy(z, y)
        return ((eye[y] - torch.softmax(z, dim=1)) ** 2).sum(dim=1).mean()

    order = torch.randperm(len(dataset.train), generator=torch.Generator().manual_seed(0))
    cursor = 0

    def step() -> None:
        nonlocal cursor, order
        if cursor + BATCH > len(order):
            order, cursor = torch.randperm(len(order)), 0
        index = order[cursor : cursor + BATCH]
        cursor += BATCH
        x = images[index].to(torch.float32) / 255
        loss = loss_of(logits(x), labels[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def measure(seconds: float) -> float:
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            step()
            steps += 1
        return steps * BATCH / (time.perf_counter() - start)

    return measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.6, help="per method per round")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always printed)")
    parser.add_argument("--preset", choices=list(PRESETS), default="tutorial")
    args = parser.parse_args()
    dataset = load_dataset("embedded")
    chosen = preset(args.preset)
    methods = {
        "fast": trainer_rate(dataset, chosen, build_model(chosen.model)),
        "jacobian": trainer_rate(dataset, chosen, jacobian_path(build_model(chosen.model))),
    }
    torch_measure = torch_rate(dataset, chosen)
    if torch_measure is not None:
        methods["torch"] = torch_measure
    for measure in methods.values():
        measure(0.2)  # warm up
    rates: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(args.rounds):
        for name, measure in methods.items():
            rates[name].append(measure(args.seconds))
    median = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        print(f"{name:>9}: median {median[name]:>10,.0f} samples/s  rounds {values}")
    torch_value = median.get("torch")
    print(
        json.dumps(
            {
                "preset": args.preset,
                "fast": median["fast"],
                "jacobian": median["jacobian"],
                "torch": torch_value,
                "fast_over_jacobian": median["fast"] / median["jacobian"],
                "fast_over_torch": median["fast"] / torch_value if torch_value else None,
            }
        )
    )


if __name__ == "__main__":
    main()
