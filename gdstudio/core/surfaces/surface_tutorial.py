"""The tutorial's network's fast path behind `ParameterSlice`: the loss over two of its scalars.

`PairSlice` holds the logits L1 = tanh(x + b0) . w1 + b1 of the chosen samples at the current
parameters and never runs a full forward pass again, because each scalar touches little:

* w1[i, j] moves only logit j, by delta * L0[:, i];
* b1[j] moves only logit j, by delta;
* b0[i] changes one column of L0, so L1 += (tanh(x_i + b0_i + delta) - L0[:, i]) (outer) w1[i, :].

Over a grid, the loss of one sample is then a small rational function of a few exponentials.
With E_k = exp(L1_k - max L1) at the centre, and the moved logit j's factor F:

    loss = sum_{k != y} s_k^2 + (1 - s_y)^2
         = (sum_{k != y} E_k^2 + (sum_{k != y} E_k)^2) / Z^2,      Z = sum_k E_k,

written with positive terms only, so float32 loses nothing to cancellation. The parameter that
moves one logit is the *inner* axis: its factor F = exp(delta * u) (u = L0[:, i], or 1 for b1)
multiplies E_j. The other one, the *outer* axis, is applied first to all ten logits, one grid
row at a time. A grid point then costs a handful of flops per sample. Two b0's move all ten
logits each, and are done as small batched matrix products instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.nn.functions import Array, softmax
from gdstudio.core.nn.model import LayeredNet, ModelConfig, TutorialNet
from gdstudio.core.surfaces.parameter_slice import CHUNK_ELEMENTS, Cancel, ParameterSlice

#: largest logit change float32 can take (exp(2 x 40) stays a normal float32); float64 above
FLOAT32_LOGIT_RANGE = 40.0
FLOAT64_LOGIT_RANGE = 300.0


class PairSlice(ParameterSlice):
    """The tutorial's network's `ParameterSlice`: its one-logit shortcut (see the module)."""

    @staticmethod
    def serves(model: LayeredNet) -> bool:
        """True for the tutorial's network exactly (tanh and the squared error), the one this
        shortcut is written for."""
        return isinstance(model, TutorialNet) and model.config.canonical() == ModelConfig()

    def _prepare(self, x: Array) -> None:
        if not self.serves(self.model):
            raise ValueError("the tutorial's slice is written for its tanh and squared error")
        self._b0, self._w1, self._b1 = (self.params[name] for name in ("b0", "w1", "b1"))
        L0 = np.tanh(x + self._b0)
        self._L1 = L0 @ self._w1 + self._b1
        pixels = sorted({ref.pixel for ref in self.pair if ref.pixel is not None})
        self._x = {i: x[:, i].copy() for i in pixels}  # the input columns they need
        self._L0 = {i: L0[:, i].copy() for i in pixels}

    # -- one point, exactly --------------------------------------------------------------------

    def logits(self, point: Array) -> Array:
        """L1 (n, 10) with the pair at `point` (their values, not offsets)."""
        columns, rows, b1 = self._state(point)
        L1 = self._L1 + (b1 - self._b1)
        for i, column in columns.items():
            L1 += np.outer(column, rows[i]) - np.outer(self._L0[i], self._w1[i])
        return L1

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The mean loss at `point` and its gradient with respect to the pair, (2,)."""
        columns, rows, _ = self._state(point)
        s = softmax(self.logits(point))
        losses, g = self.model.loss_fn.value_and_gradient(s, self.labels)
        g /= self.samples
        dL1 = s * (g - np.einsum("ij,ij->i", g, s)[:, None])
        gradient = []
        for ref in self.pair:
            if ref.group == "w1":
                i, j = ref.index
                gradient.append(dL1[:, j] @ columns[i])
            elif ref.group == "b1":
                gradient.append(dL1[:, ref.index[0]].sum())
            else:
                i = ref.index[0]
                gradient.append(((1 - columns[i] ** 2) * (dL1 @ rows[i])).sum())
        return float(losses.mean()), np.array(gradient, dtype=np.float64)

    def _state(self, point: Array) -> tuple[dict[int, Array], dict[int, Array], Array]:
        """The L0 columns and w1 rows of the touched pixels, and b1, at `point`."""
        b0 = {i: self._b0[i] for i in self._x}
        rows = {i: self._w1[i].copy() for i in self._x}
        b1 = self._b1.copy()
        for ref, value in zip(self.pair, np.asarray(point, dtype=np.float64), strict=True):
            if ref.group == "b0":
                b0[ref.index[0]] = value
            elif ref.group == "w1":
                rows[ref.index[0]][ref.index[1]] = value
            else:
                b1[ref.index[0]] = value
        columns = {i: np.tanh(self._x[i] + b0[i]) for i in self._x}
        return columns, rows, b1

    # -- grids -------------------------------------------------------------------------------

    def _grid_values(self, xs: Array, ys: Array, dtype: Any, cancelled: Cancel) -> Array:
        """Float32 is widened to float64 when the logits move too far for it."""
        first, second = self.pair
        values = (xs, ys)
        if first.group == "b0" and second.group == "b0":
            return self._two_b0(values[1], values[0], dtype, cancelled)
        inner = 0 if second.group == "b0" else 1
        table = self._outer_inner(1 - inner, values[1 - inner], values[inner], dtype, cancelled)
        return table.T if inner == 1 else table

    def _outer_offsets(self, which: int, values: Array) -> tuple[Array, Array | None]:
        """Logit offsets (k, n or 1, 10) of the `which` scalar at `values`, and for b0 the
        new L0 column (k, n)."""
        ref, delta = self.pair[which], values - self.centre[which]
        if ref.group == "b0":
            i = ref.index[0]
            column = np.tanh(self._x[i][None, :] + values[:, None])
            return (column - self._L0[i])[:, :, None] * self._w1[i], column
        j = ref.index[-1]
        source = self._L0[ref.index[0]] if ref.group == "w1" else np.ones(1)
        offsets = np.zeros((len(values), len(source), 10))
        offsets[:, :, j] = delta[:, None] * source
        return offsets, None

    def _dtype(self, reach: float, dtype: Any) -> Any:
        if reach > FLOAT64_LOGIT_RANGE:
            raise ValueError(
                f"the span is too large: the logits would move by up to {reach:.0f}; "
                "make the span smaller"
            )
        return np.float64 if reach > FLOAT32_LOGIT_RANGE else np.dtype(dtype).type

    def _outer_inner(
        self,
        outer: int,
        outer_values: Array,
        inner_values: Array,
        dtype: Any,
        cancelled: Cancel,
    ) -> Array:
        """(len(outer_values), len(inner_values)) mean losses; the inner scalar moves one logit."""
        inner_ref = self.pair[1 - outer]
        j = inner_ref.index[-1]
        outer_ref = self.pair[outer]
        coupled = outer_ref.group == "b0" and inner_ref.pixel == outer_ref.pixel
        offsets, columns = self._outer_offsets(outer, outer_values)
        dh = inner_values - self.centre[1 - outer]
        u = self._L0[inner_ref.index[0]] if inner_ref.group == "w1" else np.ones(1)
        reach = float(np.abs(offsets).max() + np.abs(dh).max() * np.abs(u).max())
        work = self._dtype(reach, dtype)

        # samples of class j first (group B), the others after (group A)
        labels = self.labels
        order = np.argsort(labels != j, kind="stable")
        n_b = int((labels == j).sum())
        base = self._L1 - self._L1.max(axis=1, keepdims=True)
        base, labels = base[order], labels[order]
        if offsets.shape[1] > 1:
            offsets = offsets[:, order]
        if columns is not None:
            columns = columns[:, order]
        u = u[order] if len(u) > 1 else u
        others = np.ones((len(labels), 10), dtype=bool)  # k not in {y, j}
        others[:, j] = False
        others[np.arange(len(labels)), labels] = False
        rows = np.arange(len(labels))

        factor = None if coupled else np.exp(dh[:, None] * u[None, :]).astype(work)
        sums = np.zeros((len(outer_values), len(inner_values)))
        step = max(1, CHUNK_ELEMENTS // len(inner_values))
        cuts = sorted({*range(0, len(labels), step), n_b, len(labels)})
        bounds = [(a, b) for a, b in zip(cuts[:-1], cuts[1:], strict=True) if b > a]
        for g in range(len(outer_values)):
            check(cancelled)
            E = np.exp(base + offsets[g])  # (n, 10) at this outer value, float64
            Ej = E[:, j].astype(work)
            Ey = E[rows, labels].astype(work)
            rest = np.where(others, E, 0.0)
            R = rest.sum(axis=1)  # sum over k not in {y, j}; for group B, k != j
            R2 = (rest * rest).sum(axis=1)
            half_c = ((R2 + R * R) / 2).astype(work)
            R = R.astype(work)
            if coupled:
                assert columns is not None
                factor = np.exp(dh[:, None] * columns[g][None, :]).astype(work)
            assert factor is not None
            total = np.zeros(len(inner_values))
            for start, stop in bounds:
                f = factor if factor.shape[1] == 1 else factor[:, start:stop]
                part = slice(start, stop)
                if stop <= n_b:
                    total += _class_j(f, Ej[part], R[part], half_c[part])
                else:
                    total += 2 * _other_class(f, Ej[part], R[part], Ey[part], half_c[part])
            sums[g] = total
        return sums / len(labels)

    def _two_b0(
        self,
        outer_values: Array,
        inner_values: Array,
        dtype: Any,
        cancelled: Cancel,
    ) -> Array:
        """(len(outer), len(inner)) mean losses for b0[i] (outer, 2nd scalar) and b0[k]."""
        outer_offsets, _ = self._outer_offsets(1, outer_values)
        inner_offsets, _ = self._outer_offsets(0, inner_values)
        reach = float(np.abs(outer_offsets).max() + np.abs(inner_offsets).max())
        work = self._dtype(reach, dtype)
        base = self._L1 - self._L1.max(axis=1, keepdims=True)
        labels = self.labels
        sums = np.zeros((len(outer_values), len(inner_values)))
        step = max(1, CHUNK_ELEMENTS // (len(outer_values) * len(inner_values)))
        for start in range(0, len(labels), step):
            check(cancelled)
            part = slice(start, min(start + step, len(labels)))
            rows = np.arange(part.stop - part.start)
            y = labels[part]
            E = np.exp(base[part] + outer_offsets[:, part]).astype(work)  # (go, ns, 10)
            F = np.exp(inner_offsets[:, part]).astype(work)  # (gi, ns, 10)
            Ey = E[:, rows, y]  # (go, ns)
            Fy = F[:, rows, y]  # (gi, ns)
            E[:, rows, y] = 0
            Et = E.transpose(1, 0, 2)  # (ns, go, 10)
            Ft = F.transpose(1, 2, 0)  # (ns, 10, gi)
            P = np.matmul(Et, Ft)  # sum over k != y of E'_k, (ns, go, gi)
            P2 = np.matmul(Et * Et, Ft * Ft)
            Z = P + Ey.T[:, :, None] * Fy.T[:, None, :]
            P2 += P * P
            Z *= Z
            sums += (P2 / Z).sum(axis=0, dtype=np.float64)
        return sums / len(labels)


def _class_j(factor: Array, Ej: Array, S: Array, half_k: Array) -> Array:
    """Sum over samples of class j of (Q + S^2) / (S + e)^2, e = Ej * factor; (rows,)."""
    e = factor * Ej
    e += S
    e *= e
    np.divide(2 * half_k, e, out=e)
    return e.sum(axis=1, dtype=np.float64)


def _other_class(factor: Array, Ej: Array, R: Array, Ey: Array, half_c: Array) -> Array:
    """Half the sum over the other samples of (R2 + e^2 + (R + e)^2) / (R + e + Ey)^2."""
    e = factor * Ej
    t = e + R
    z = t + Ey
    e *= t
    e += half_c
    z *= z
    e /= z
    return e.sum(axis=1, dtype=np.float64)
