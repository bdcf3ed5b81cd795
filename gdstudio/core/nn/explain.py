"""Everything the derivation view shows, computed from the parameters and one sample.

It builds on `TutorialNet.derive` (the Jacobian path) and adds three things:

- `parameter_chain`: the chain rule for one chosen parameter written out as a sum, one term per
  index the sum runs over, each with the numbers of its factors, ending in the value the fast
  path computes;
- `StepThrough`: one gradient-descent step on one sample, stage by stage (forward, loss,
  backward, update), with a Back that returns to the previous stage;
- `explanation` / `explain_sample`: the JSON of `gdstudio explain`.

All of it runs in float64, so that the Jacobian path and the fast path agree to 1e-10.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.data.idx import DataError
from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.gradcheck import as_float64, group_relative_error
from gdstudio.core.nn.model import Derivation, LayeredNet, Params, TutorialNet
from gdstudio.core.nn.optimizers import GradientDescent
from gdstudio.core.nn.param_refs import ParamError
from gdstudio.core.training.trainer import TrainConfig, Trainer

#: the stages of `StepThrough`, in order
STAGES = ("forward", "loss", "backward", "update")

#: the keys of `explanation`, all from the Jacobian path
EXPLAIN_KEYS = (
    "label",
    "output",
    "dL_doutput",
    "softmax_jacobian",
    "tanh_derivative",
    "grad_b1",
    "grad_w1",
    "grad_b0",
)


def initial_params(dataset: Dataset, seed: int = 0, model: TutorialNet | None = None) -> Params:
    """The parameters `gdstudio train --seed SEED` starts from (float32, as training has them)."""
    return Trainer(dataset, TrainConfig(seed=seed), model).initial_params


def sample_input(dataset: Dataset, split: str, index: int) -> tuple[Array, int]:
    """One sample as a float64 input (784,) and its label; a DataError when out of range."""
    part = dataset.split(split)
    if not 0 <= index < len(part):
        raise DataError(
            f"sample {index} is not in the {split} split of {dataset.name} "
            f"(it has samples 0 to {len(part) - 1})"
        )
    return part.inputs(slice(index, index + 1), dtype=np.float64)[0], int(part.labels[index])


def fast_gradients(model: TutorialNet, params: Params, x: Array, label: int) -> Params:
    """The fast path's gradient for one sample, in float64."""
    return model.gradients(as_float64(params), x[None].astype(np.float64), np.array([label])).grads


def loss_terms(d: Derivation) -> Array:
    """(y_k − output_k)² for each class k: the loss is their sum."""
    diff = d.y - d.output
    return diff * diff


def jacobian_row_sums(d: Derivation) -> Array:
    """Σ_j J[k, j] for each row k of the softmax Jacobian: 0 up to rounding.

    Adding the same number to every L1_j leaves the softmax unchanged, so no direction along
    (1, 1, …, 1) moves any output.
    """
    return d.softmax_jacobian.sum(axis=1)


def jacobian_largest_terms(d: Derivation) -> tuple[float, float]:
    """The largest |J[k, j]| off the softmax Jacobian's diagonal (−s_k·s_j) and on it.

    The tutorial says the softmax has a derivative "only when the two components are the
    same", a diagonal Jacobian; the first number is how wrong that is for this sample.
    """
    J = d.softmax_jacobian
    diagonal = np.diag(J)
    off = np.abs(J - np.diag(diagonal))
    return float(off.max()), float(np.abs(diagonal).max())


# -- the chain for one parameter -------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One term of a chain-rule sum: the product of its factors.

    `index` is the value of the summation index (k, or j for ∂L/∂b0). A term of ∂L/∂b0 has a
    first factor that is itself a sum over k (∂L/∂L1[j]); its terms are `inner`.
    """

    index: int
    factors: tuple[float, ...]
    value: float
    inner: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Chain:
    """∂L/∂(one parameter) written out term by term.

    w1[i, j]: Σ_k ∂L/∂output_k · J[k, j] · L0[i]
    b1[j]:    Σ_k ∂L/∂output_k · J[k, j] · 1
    b0[i]:    Σ_j (Σ_k ∂L/∂output_k · J[k, j]) · w1[i, j] · (1 − L0[i]²)

    J = diag(s) − s·sᵀ is the softmax Jacobian, J[k, j] = ∂output_k/∂L1_j. `factor_names`
    name each factor of a term in plain text (for the command line; the views typeset their
    own). `total` is the sum of the terms, `fast` the fast path's value for the same entry.
    """

    name: str
    index: tuple[int, ...]
    sum_over: str  # "k" or "j"
    factor_names: tuple[str, ...]
    terms: tuple[Term, ...]
    total: float
    fast: float

    @property
    def difference(self) -> float:
        return abs(self.total - self.fast)


def check_parameter(model: LayeredNet, name: str, index: tuple[int, ...]) -> tuple[int, ...]:
    """`index` as a tuple of ints if it addresses one entry of parameter `name`, else ParamError."""
    shapes = model.param_shapes()
    if name not in shapes:
        raise ParamError(f"unknown parameter {name!r}: choose from {', '.join(shapes)}")
    shape = shapes[name]
    index = tuple(int(i) for i in index)
    if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        limits = ", ".join(f"0..{n - 1}" for n in shape)
        raise ParamError(f"{name}{list(index)} is not an entry of {name} (indices {limits})")
    return index


def parameter_chain(
    model: TutorialNet,
    params: Params,
    x: Array,
    label: int,
    name: str,
    index: tuple[int, ...],
    derivation: Derivation | None = None,
) -> Chain:
    """The chain rule for parameter `name[index]` as a sum of terms (see `Chain`)."""
    index = check_parameter(model, name, index)
    p = as_float64(params)
    d = derivation or model.derive(p, np.asarray(x, dtype=np.float64), label)
    fast = float(fast_gradients(model, p, x, label)[name][index])
    jac, g = d.softmax_jacobian, d.dL_doutput
    classes = range(len(g))

    def through_softmax(j: int, last: float | None) -> tuple[Term, ...]:
        """The terms ∂L/∂output_k · J[k, j] (· last), k = 0..9."""
        extra = () if last is None else (last,)
        return tuple(
            Term(k, (float(g[k]), float(jac[k, j]), *extra), _product(g[k], jac[k, j], *extra))
            for k in classes
        )

    if name == "w1":
        i, j = index
        terms = through_softmax(j, float(d.L0[i]))
        names: tuple[str, ...] = ("∂L/∂output_k", "J[k, j]", "L0[i]")
        over = "k"
    elif name == "b1":
        (j,) = index
        terms = through_softmax(j, 1.0)
        names = ("∂L/∂output_k", "J[k, j]", "∂L1_j/∂b1_j")
        over = "k"
    else:  # b0: the sum over j of ∂L/∂L1[j] · w1[i, j] · tanh'[i]
        (i,) = index
        w1 = p["w1"]
        tanh_prime = float(d.tanh_derivative[i])
        terms = tuple(
            Term(
                j,
                (float(d.dL_dL1[j]), float(w1[i, j]), tanh_prime),
                _product(d.dL_dL1[j], w1[i, j], tanh_prime),
                inner=through_softmax(j, None),
            )
            for j in range(w1.shape[1])
        )
        names = ("∂L/∂L1_j", "w1[i, j]", "(1 − L0[i]²)")
        over = "j"
    total = math.fsum(t.value for t in terms)
    return Chain(name, index, over, names, terms, total, fast)


def _product(*factors: float) -> float:
    return float(np.prod(np.array(factors, dtype=np.float64)))


def chain_lines(chain: dict[str, Any]) -> list[str]:
    """A chain (`asdict(Chain)`, as in the JSON) as plain text lines, one per term."""
    over = chain["sum_over"]
    entry = f"{chain['name']}[{', '.join(map(str, chain['index']))}]"
    lines = [f"∂L/∂{entry} = Σ_{over} " + " · ".join(chain["factor_names"])]
    if over == "j":
        lines.append("  where ∂L/∂L1_j = Σ_k ∂L/∂output_k · J[k, j]")
    for t in chain["terms"]:
        factors = " · ".join(f"{f:+.6e}" for f in t["factors"])
        lines.append(f"  {over} = {t['index']}: {factors} = {t['value']:+.6e}")
    lines.append(f"  sum = {chain['total']:+.12e}   fast path: {chain['fast']:+.12e}")
    return lines


# -- one gradient-descent step, stage by stage -----------------------------------------------


@dataclass(frozen=True)
class Cycle:
    """One gradient step on one sample: the parameters before, the derivation, the update."""

    params: Params  # before the step (float64)
    derivation: Derivation
    update: Params  # −α·∂L/∂w, what the step adds to each parameter
    params_after: Params
    output_after: Array  # softmax after the step
    loss_after: float

    @property
    def loss_before(self) -> float:
        return self.derivation.loss


class StepThrough:
    """Gradient descent on one sample, one stage per `next()`; `back()` undoes one stage.

    Stages: forward (x → L0 → L1 → output), loss (y and L), backward (the gradients),
    update (w ← w − α·∂L/∂w, with the loss before and after). A `next()` from the update
    starts the next step from the updated parameters; `back()` from its forward stage
    returns to the previous step's update. The update uses the Jacobian path's gradient (the
    one the backward stage shows) and the trainer's own rule, `GradientDescent`.
    """

    def __init__(self, model: TutorialNet, params: Params, x: Array, label: int, lr: float) -> None:
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {lr}")
        self.model = model
        self.x = np.asarray(x, dtype=np.float64)
        self.label = int(label)
        self.lr = float(lr)
        self._cycles = [self._cycle(as_float64(params))]
        self._stage = 0

    @property
    def stage(self) -> str:
        return STAGES[self._stage]

    @property
    def stage_index(self) -> int:
        return self._stage

    @property
    def step(self) -> int:
        """How many steps were completed before the current one (0 for the first)."""
        return len(self._cycles) - 1

    @property
    def cycle(self) -> Cycle:
        return self._cycles[-1]

    @property
    def at_start(self) -> bool:
        return self._stage == 0 and len(self._cycles) == 1

    def next(self) -> str:
        if self._stage < len(STAGES) - 1:
            self._stage += 1
        else:
            self._cycles.append(self._cycle(self.cycle.params_after))
            self._stage = 0
        return self.stage

    def back(self) -> str:
        if self._stage > 0:
            self._stage -= 1
        elif len(self._cycles) > 1:
            self._cycles.pop()
            self._stage = len(STAGES) - 1
        return self.stage

    def _cycle(self, params: Params) -> Cycle:
        d = self.model.derive(params, self.x, self.label)
        update = GradientDescent().steps(d.grads(), self.lr)
        after = {name: p + update[name] for name, p in params.items()}
        output_after = self.model.forward(after, self.x[None])[0]
        loss_after = float(self.model.loss_fn.value(output_after[None], np.array([self.label]))[0])
        return Cycle(params, d, update, after, output_after, loss_after)


# -- gdstudio explain ------------------------------------------------------------------------


def explanation(model: TutorialNet, params: Params, x: Array, label: int) -> dict[str, Any]:
    """The Jacobian path's quantities for one sample, as JSON-ready lists (keys `EXPLAIN_KEYS`)."""
    d = model.derive(as_float64(params), np.asarray(x, dtype=np.float64), int(label))
    return {
        "label": int(label),
        "output": d.output.tolist(),
        "dL_doutput": d.dL_doutput.tolist(),
        "softmax_jacobian": d.softmax_jacobian.tolist(),
        "tanh_derivative": d.tanh_derivative.tolist(),
        "grad_b1": d.grad_b1.tolist(),
        "grad_w1": d.grad_w1.tolist(),
        "grad_b0": d.grad_b0.tolist(),
    }


def jacobian_vs_fast(model: TutorialNet, params: Params, x: Array, label: int) -> float:
    """The largest difference between the two paths' gradients, relative to each group's scale."""
    p = as_float64(params)
    jacobian = model.derive(p, np.asarray(x, dtype=np.float64), int(label)).grads()
    fast = fast_gradients(model, p, x, label)
    return max(group_relative_error(jacobian[k], fast[k]) for k in fast)


def parse_parameter(text: str) -> tuple[str, tuple[int, ...]]:
    """ "w1[407,3]", "b0[12]" or "b1[7]" -> (name, index); ParamError naming the problem."""
    match = re.fullmatch(r"\s*(\w+)\s*\[([\d\s,]+)\]\s*", text)
    if match is None:
        raise ParamError(f"{text!r} is not a parameter entry such as w1[407,3], b0[12] or b1[7]")
    return match.group(1), tuple(int(i) for i in match.group(2).split(",") if i.strip())


def explain_sample(
    model: TutorialNet,
    dataset: Dataset,
    split: str,
    index: int,
    params: Params | None = None,
    params_source: str | None = None,
    parameter: tuple[str, tuple[int, ...]] | None = None,
) -> dict[str, Any]:
    """`gdstudio explain`: the explanation of one sample plus what it was computed from.

    Without `params`, the initial parameters of seed 0 (where `gdstudio train` starts).
    Besides `EXPLAIN_KEYS`: split, sample, params (their source), prediction, loss,
    jacobian_vs_fast (the paths' largest group-relative difference) and, for a `parameter`,
    chain: its chain-rule sum (`Chain` as a dict).
    """
    x, label = sample_input(dataset, split, index)
    if params is None:
        params = initial_params(dataset, seed=0, model=model)
        params_source = "initial parameters of seed 0"
    result = explanation(model, params, x, label)
    output = np.array(result["output"])
    extra: dict[str, Any] = {}
    if parameter is not None:
        extra["chain"] = asdict(parameter_chain(model, params, x, label, *parameter))
    return {
        "split": split,
        "sample": index,
        "params": params_source or "given",
        "prediction": int(output.argmax()),
        "loss": float(model.loss_fn.value(output[None], np.array([label]))[0]),
        "jacobian_vs_fast": jacobian_vs_fast(model, params, x, label),
        **result,
        **extra,
    }


def summary_lines(result: dict[str, Any]) -> list[str]:
    """A few readable lines about an `explain_sample` result, for the terminal."""
    output = np.array(result["output"])
    label, predicted = result["label"], result["prediction"]
    jac = np.array(result["softmax_jacobian"])
    return [
        f"{result['split']} sample {result['sample']} (label {label}), {result['params']}",
        "output:      " + " ".join(f"{v:.4f}" for v in output),
        f"prediction {predicted} (p = {output[predicted]:.4f}), "
        f"p(label) = {output[label]:.4f}, loss {result['loss']:.6f}",
        "dL/doutput:  " + " ".join(f"{v:+.4f}" for v in result["dL_doutput"]),
        "diag of J:   " + " ".join(f"{v:.4f}" for v in np.diag(jac)) + "   (s(1 − s))",
        "dL/db1:      " + " ".join(f"{v:+.2e}" for v in result["grad_b1"]),
        f"|dL/dw1| max {np.abs(result['grad_w1']).max():.3e}, "
        f"|dL/db0| max {np.abs(result['grad_b0']).max():.3e}",
        f"Jacobian path vs fast path: {result['jacobian_vs_fast']:.2e}",
    ] + (chain_lines(result["chain"]) if "chain" in result else [])
