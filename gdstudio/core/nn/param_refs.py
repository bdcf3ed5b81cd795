"""Names of single scalars of the network: "w1[407, 3]", "w1:407:3", "b1:3", "b0[300]".

The tutorial's parameters are b0 (784,), w1 (784, 10) and b1 (10,), so a scalar is a group
and one or two indices. `parse_param` reads the forms a user types and the command line takes;
`str(ref)` writes the bracket form. The other networks' groups (w2 and b2 of the hidden-layer
network, a wider w1) are checked against their shapes, given as `shapes` (the network's
`param_shapes()`); without it the tutorial's `SHAPES` are meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gdstudio.core.nn.model import Params

#: the shape of each group in the tutorial's network
SHAPES: dict[str, tuple[int, ...]] = {"b0": (784,), "w1": (784, 10), "b1": (10,)}

_FORM = re.compile(
    r"""^\s*(?P<group>[a-z]\w*)\s*
        (?: (?::\s*(?P<colon>[-\d\s:]+))
          | (?P<brackets>(?:\[[-\d\s,]*\]\s*)+) )?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class ParamError(ValueError):
    """A parameter name that does not name one scalar of the network."""


@dataclass(frozen=True, order=True)
class ParamRef:
    """One scalar of the network: a group ("b0", "w1", "b1") and its index."""

    group: str
    index: tuple[int, ...]

    def __str__(self) -> str:
        return f"{self.group}[{', '.join(str(i) for i in self.index)}]"

    @property
    def key(self) -> str:
        """The command-line form, e.g. "w1:407:3"."""
        return ":".join([self.group, *(str(i) for i in self.index)])

    @property
    def pixel(self) -> int | None:
        """In the tutorial's network: the input pixel i this scalar belongs to (w1[i, j],
        b0[i]); None for b1."""
        return None if self.group == "b1" else self.index[0]

    @property
    def logit(self) -> int | None:
        """In the tutorial's network: the single logit j this scalar moves (w1[i, j], b1[j]);
        None for b0 (moves all)."""
        return None if self.group == "b0" else self.index[-1]

    def get(self, params: Params) -> float:
        return float(params[self.group][self.index])


def make_ref(
    group: str, index: tuple[int, ...], shapes: dict[str, tuple[int, ...]] | None = None
) -> ParamRef:
    """A checked reference: the group exists in `shapes` (default: the tutorial's) and the
    index is inside its shape."""
    shapes = SHAPES if shapes is None else shapes
    if group not in shapes:
        names = list(shapes)
        choices = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]
        raise ParamError(f"unknown parameter group {group!r}: use {choices}")
    shape = shapes[group]
    if len(index) != len(shape):
        wanted = "two indices" if len(shape) == 2 else "one index"
        raise ParamError(f"{group} needs {wanted}, e.g. {_example(group, len(shape))}")
    for i, size in zip(index, shape, strict=True):
        if not 0 <= i < size:
            raise ParamError(
                f"index {i} is outside {group}, whose shape is {' x '.join(map(str, shape))}"
            )
    return ParamRef(group, tuple(int(i) for i in index))


def parse_param(text: str, shapes: dict[str, tuple[int, ...]] | None = None) -> ParamRef:
    """Read "w1:407:3", "w1[407, 3]", "w1[407][3]", "b1:3", "b1[3]", "b0:300", "w2:0:3"; the
    group and index are checked against `shapes` (default: the tutorial's network)."""
    match = _FORM.match(text)
    if match is None or (match["colon"] is None and match["brackets"] is None):
        raise ParamError(f"cannot read {text!r} as a parameter: write e.g. w1[407, 3] or b1:3")
    raw = match["colon"] if match["colon"] is not None else match["brackets"]
    parts = [p for p in re.split(r"[\s:,\[\]]+", raw) if p]
    try:
        index = tuple(int(p) for p in parts)
    except ValueError:
        raise ParamError(f"cannot read the index of {text!r}") from None
    return make_ref(match["group"].lower(), index, shapes)


def parse_pair(
    text: str, shapes: dict[str, tuple[int, ...]] | None = None
) -> tuple[ParamRef, ParamRef]:
    """Two different scalars separated by a comma (outside brackets) or a semicolon."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "[") - (char == "]")
        if char in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    if len(parts) != 2:
        raise ParamError(f"expected two parameters separated by a comma, got {text!r}")
    first, second = parse_param(parts[0], shapes), parse_param(parts[1], shapes)
    if first == second:
        raise ParamError(f"the two parameters must differ, both are {first}")
    return first, second


def _example(group: str, dims: int) -> str:
    return {"w1": "w1[407, 3]", "b0": "b0[300]"}.get(
        group, f"{group}[0, 3]" if dims == 2 else f"{group}[3]"
    )
