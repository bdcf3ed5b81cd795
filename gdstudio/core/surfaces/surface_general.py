"""The general `ParameterSlice`s: the loss over two scalars of any network, others frozen.

`gdstudio.core.surfaces.surface_tutorial.PairSlice` is written for the tutorial's network exactly
(tanh and the squared error). This module serves every `LayeredNet`:

* `LayerPairSlice`, for any two scalars. A scalar of a layer moves one column of that layer's
  pre-activation z_l = a_in . W + b: W[i, j] moves column j by delta * a_in[:, i], b[j] moves
  it by delta. The layers below the lowest of the two are never evaluated again, and from it
  upwards only the columns that changed are carried, as changes against the centre's values,
  for a chunk of grid points at once: a hidden layer's change is f(z + dz) - f(z) on those
  columns, and a dense layer above turns it into dz = change . W[changed, :]. At the softmax
  the full logits of every grid point of the chunk give the loss. This is a full forward pass
  per grid point, in the sense that it gives the same numbers, at the cost of the columns
  that move.
* `OutputPairSlice`, for two scalars of the output layer (w1 and b1 of softmax regression, w2
  and b2 of the hidden-layer network): they move one or two logits, linearly, so with the
  fixed logits' exponentials summed once per sample a grid point costs a few flops per sample,
  like the tutorial's one-logit shortcut.

`gdstudio.core.surfaces.surface.network_slice` picks between them (and the tutorial's own shortcut
for the tutorial's network). Values and gradients at single points (`value_and_gradient`, for the
centre and for descents) are exact in float64: a forward pass from the lowest moved layer with
the two values set, and the chain rule back down to it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.nn.functions import ACTIVATIONS, Array
from gdstudio.core.nn.layers import SOFTMAX, Layer
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.param_refs import ParamError, ParamRef
from gdstudio.core.surfaces.parameter_slice import CHUNK_ELEMENTS, Cancel, ParameterSlice


def default_pair(model: LayeredNet) -> tuple[ParamRef, ParamRef]:
    """A pair worth a first look: a weight of the output layer and the bias of its logit
    (w1[407, 3] and b1[3] for the tutorial and softmax regression, w2[0, 3] and b2[3] for the
    hidden-layer network)."""
    last = model.layers[-1]
    assert last.weight is not None
    rows = model.param_shapes()[last.weight][0]
    row = 407 if rows > 407 else 0  # 407: a pixel in the middle of the digits
    return ParamRef(last.weight, (row, 3)), ParamRef(last.bias, (3,))


def _layer_of(model: LayeredNet, ref: ParamRef) -> int:
    for depth, layer in enumerate(model.layers):
        if ref.group in (layer.weight, layer.bias):
            return depth
    raise ParamError(f"{ref} is not a parameter of the {model.config.describe()}")


class LayerPairSlice(ParameterSlice):
    """Any two scalars of any network: a forward pass from the lowest moved layer, carrying
    only the columns that move (see the module)."""

    def _prepare(self, x: Array) -> None:
        self._layers = self.model.layers
        self._where = tuple(_layer_of(self.model, ref) for ref in self.pair)
        self._first = min(self._where)
        # inputs, pre-activations and outputs of every layer from the first moved one, at the
        # centre, in float64 (the layers below are never needed again)
        a = x
        self._inputs: list[Array] = []
        self._pres: list[Array] = []
        self._posts: list[Array] = []
        for depth, layer in enumerate(self._layers):
            z = a @ self.params[layer.weight] if layer.weight else a
            z = z + self.params[layer.bias]
            post = z if layer.activation == SOFTMAX else ACTIVATIONS[layer.activation]()(z)
            if depth >= self._first:
                self._inputs.append(a)
                self._pres.append(z)
                self._posts.append(post)
            a = post

    def _layer(self, depth: int) -> tuple[Layer, Array, Array, Array]:
        """Layer `depth`, its input, pre-activation and output at the centre (from the first
        moved layer up)."""
        k = depth - self._first
        return self._layers[depth], self._inputs[k], self._pres[k], self._posts[k]

    # -- one point, exactly --------------------------------------------------------------------

    def _forward(self, point: Array) -> tuple[Params, list[Array], list[Array]]:
        """The parameters with the pair at `point`, and each layer's input and pre-activation
        from the first moved layer up (float64)."""
        point = np.asarray(point, dtype=np.float64)
        p = dict(self.params)
        for group in {ref.group for ref in self.pair}:
            p[group] = self.params[group].copy()
        for ref, value in zip(self.pair, point, strict=True):
            p[ref.group][ref.index] = value
        inputs, pres = [], []
        a = self._inputs[0]
        for depth in range(self._first, len(self._layers)):
            layer = self._layers[depth]
            if depth == self._first:  # its input is fixed: change the centre's columns only
                z = self._pres[0].copy()
                for ref, value, where in zip(self.pair, point, self._where, strict=True):
                    if where == depth:
                        source = a[:, ref.index[0]] if ref.group == layer.weight else 1.0
                        z[:, ref.index[-1]] += (value - ref.get(self.params)) * source
            else:
                z = (a @ p[layer.weight] if layer.weight else a) + p[layer.bias]
            inputs.append(a)
            pres.append(z)
            if layer.activation != SOFTMAX:
                a = ACTIVATIONS[layer.activation]()(z)
        return p, inputs, pres

    def logits(self, point: Array) -> Array:
        """The softmax's input (n, classes) with the pair at `point` (values, not offsets)."""
        return self._forward(point)[2][-1]

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The mean loss at `point` and its gradient with respect to the pair, (2,)."""
        p, inputs, pres = self._forward(point)
        losses, _, delta = self.model.loss_fn.mean_gradient_from_logits(pres[-1], self.labels)
        deltas: dict[int, Array] = {}
        for depth in range(len(self._layers) - 1, self._first - 1, -1):
            deltas[depth] = delta
            if depth == self._first:
                break
            layer, below = self._layers[depth], self._layers[depth - 1]
            upstream = delta @ p[layer.weight].T if layer.weight else delta
            a_in = inputs[depth - self._first]  # the output of the layer below
            delta = upstream * ACTIVATIONS[below.activation]().derivative(a_in)
        gradient = []
        for ref, where in zip(self.pair, self._where, strict=True):
            d = deltas[where][:, ref.index[-1]]
            if ref.group == self._layers[where].weight:
                gradient.append(float(inputs[where - self._first][:, ref.index[0]] @ d))
            else:
                gradient.append(float(d.sum()))
        return float(losses.mean()), np.array(gradient)

    # -- grids -------------------------------------------------------------------------------

    def _grid_values(self, xs: Array, ys: Array, dtype: Any, cancelled: Cancel) -> Array:
        """A chunk of grid points at a time (`_chunk_losses`)."""
        gx, gy = np.meshgrid(xs, ys)
        deltas = np.stack([gx.ravel() - self.centre[0], gy.ravel() - self.centre[1]], axis=1)
        out = np.empty(len(deltas))
        step = max(1, CHUNK_ELEMENTS // (self.samples * self._width()))
        for start in range(0, len(deltas), step):
            check(cancelled)
            chunk = deltas[start : start + step]
            out[start : start + len(chunk)] = self._chunk_losses(chunk, dtype)
        return out.reshape(gx.shape)

    def _width(self) -> int:
        """Values per sample and grid point in the widest array of `_chunk_losses`."""
        return int(self._pres[-1].shape[1])

    def _chunk_losses(self, deltas: Array, dtype: Any) -> Array:
        """Mean losses at the offsets `deltas` (k, 2) from the centre, (k,)."""
        k, n = len(deltas), self.samples
        deltas = deltas.astype(dtype)
        changed: list[int] = []  # the columns of the layer's input that move
        change = np.zeros((k, n, 0), dtype=dtype)  # how they move, per grid point
        for depth in range(self._first, len(self._layers)):
            layer, a_in, pre, post = self._layer(depth)
            if changed and layer.weight:
                weight = self.params[layer.weight][changed].astype(dtype)
                dz, columns = change @ weight, list(range(pre.shape[1]))
            else:  # no change below, or z = a_in + b moves the same columns
                dz, columns = change.copy(), list(changed)
            for r, ref in enumerate(self.pair):
                if self._where[r] != depth:
                    continue
                j = ref.index[-1]
                if ref.group == layer.weight:
                    i = ref.index[0]
                    source = a_in[:, i].astype(dtype)[None, :]
                    if i in changed:
                        source = source + change[:, :, changed.index(i)]
                    term = deltas[:, r, None] * source
                else:
                    term = np.broadcast_to(deltas[:, r, None], (k, n))
                if j not in columns:
                    columns.append(j)
                    dz = np.concatenate([dz, np.zeros((k, n, 1), dtype=dtype)], axis=2)
                dz[:, :, columns.index(j)] += term
            if layer.activation == SOFTMAX:
                logits = np.repeat(pre.astype(dtype)[None], k, axis=0)
                logits[:, :, columns] += dz
                losses = self.model.loss_fn.value_from_logits(
                    logits.reshape(k * n, -1), np.tile(self.labels, k)
                )
                return losses.reshape(k, n).mean(axis=1, dtype=np.float64)
            f = ACTIVATIONS[layer.activation]()
            base = pre[:, columns].astype(dtype)
            change = f(base + dz) - post[:, columns].astype(dtype)
            changed = columns
        raise AssertionError("the last layer is the softmax")


class OutputPairSlice(LayerPairSlice):
    """Two scalars of the output layer: they move one or two logits, linearly.

    With l the centre's logits shifted by their row maximum, the moved logits are
    l_j + o_j (o_j = sum of delta * a_in[:, i] or delta over the scalars on logit j) and the
    fixed ones keep E_k = exp(l_k). Per sample, R = sum of the fixed E_k and, for the squared
    error, the sums without the label's term are taken once. With m = max(0, max_j l_j + o_j)
    and e_j = exp(l_j + o_j - m), Z = R e^-m + sum_j e_j, and

        cross-entropy:  L = m + log Z - (l_y + o_y)
        squared error:  L = (Q' + sum_{j != y} e_j^2 + (R' + sum_{j != y} e_j)^2) / Z^2

    (Q', R': the fixed squares and terms other than the label's, times e^-2m and e^-m), only
    positive terms, so nothing cancels.
    """

    def _prepare(self, x: Array) -> None:
        super()._prepare(x)
        last = len(self._layers) - 1
        if self._where != (last, last):
            raise ValueError(f"{self.pair[0]} and {self.pair[1]} are not both in the output layer")
        if self.model.config.loss not in ("squared", "cross_entropy"):
            raise ValueError(f"no closed form for the {self.model.config.loss} loss")
        layer, a_in, pre, _ = self._layer(last)
        self._moved = sorted({ref.index[-1] for ref in self.pair})
        self._sources = [
            a_in[:, ref.index[0]] if ref.group == layer.weight else np.ones(1) for ref in self.pair
        ]
        n = self.samples
        rows = np.arange(n)
        shifted = pre - pre.max(axis=1, keepdims=True)
        E = np.exp(shifted)
        fixed = np.ones(pre.shape, dtype=bool)
        fixed[:, self._moved] = False
        not_label = np.ones(pre.shape, dtype=bool)
        not_label[rows, self.labels] = False
        self._base = shifted[:, self._moved]  # (n, moved)
        self._label_shifted = shifted[rows, self.labels]
        self._R = np.where(fixed, E, 0.0).sum(axis=1)
        rest = np.where(fixed & not_label, E, 0.0)
        self._R_rest, self._Q_rest = rest.sum(axis=1), (rest * rest).sum(axis=1)
        self._label_is = [self.labels == j for j in self._moved]  # the label is moved logit j

    def _width(self) -> int:
        return len(self._moved) + 2

    def _chunk_losses(self, deltas: Array, dtype: Any) -> Array:
        deltas = deltas.astype(dtype)
        # one (k, n) array per moved logit: l_j + o_j (small trailing axes are slow in numpy)
        moved = [
            np.broadcast_to(self._base[:, c].astype(dtype), (len(deltas), self.samples))
            for c in range(len(self._moved))
        ]
        for r, ref in enumerate(self.pair):
            c = self._moved.index(ref.index[-1])
            moved[c] = moved[c] + deltas[:, r, None] * self._sources[r].astype(dtype)
        m = np.maximum(np.maximum.reduce(moved), 0) if len(moved) > 1 else np.maximum(moved[0], 0)
        e = [np.exp(v - m) for v in moved]
        shrink = np.exp(-m)
        Z = self._R.astype(dtype) * shrink + sum(e)
        if self.model.config.loss == "cross_entropy":
            label = np.broadcast_to(self._label_shifted.astype(dtype), m.shape)
            for c, v in enumerate(moved):
                label = np.where(self._label_is[c], v, label)
            losses = m + np.log(Z) - label
        else:
            others = [np.where(self._label_is[c], 0, v) for c, v in enumerate(e)]
            total = self._R_rest.astype(dtype) * shrink + sum(others)
            squares = self._Q_rest.astype(dtype) * shrink * shrink + sum(o * o for o in others)
            losses = (squares + total * total) / (Z * Z)
        return np.asarray(losses.mean(axis=1, dtype=np.float64))
