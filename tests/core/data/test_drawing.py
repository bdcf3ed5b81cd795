"""A drawn stroke becomes a centred 28 x 28 input, the way MNIST's digits were made."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdstudio.core.data.drawing import (
    BOX,
    CENTRE,
    DIGIT_STROKES,
    centre_of_mass,
    ink_box,
    render_strokes,
    resample_matrix,
    resize,
    synthetic_digit,
    to_mnist,
)


def assert_mnist_like(pixels: np.ndarray) -> None:
    """Centre of mass within one pixel of the centre, ink inside a 20 x 20 box, in [0, 1]."""
    assert pixels.shape == (28, 28)
    assert pixels.min() >= 0 and pixels.max() <= 1
    row, col = centre_of_mass(pixels)
    assert abs(row - CENTRE) <= 1 and abs(col - CENTRE) <= 1, (row, col)
    box = ink_box(pixels)
    assert box is not None
    top, left, bottom, right = box
    assert bottom - top <= BOX and right - left <= BOX


@pytest.mark.parametrize("digit", sorted(DIGIT_STROKES))
def test_a_drawn_digit_becomes_a_centred_input(digit: str) -> None:
    pixels = to_mnist(synthetic_digit(digit))
    assert_mnist_like(pixels)
    top, left, bottom, right = ink_box(pixels)  # type: ignore[misc]
    assert max(bottom - top, right - left) == BOX  # the longer side fills the box
    assert pixels.max() > 0.9  # strokes keep their full ink


def test_a_small_digit_off_centre_on_a_wide_canvas_is_centred_and_enlarged() -> None:
    canvas = np.zeros((300, 500))
    canvas[10:70, 400:460] = synthetic_digit("7", size=60)
    pixels = to_mnist(canvas)
    assert_mnist_like(pixels)
    np.testing.assert_allclose(pixels, to_mnist(synthetic_digit("7", size=60)), atol=1e-12)


def test_the_aspect_ratio_is_kept() -> None:
    canvas = np.zeros((200, 200))
    canvas[20:180, 90:122] = 1.0  # a bar 160 tall and 32 wide: 5 to 1
    pixels = to_mnist(canvas)
    top, left, bottom, right = ink_box(pixels)  # type: ignore[misc]
    assert (bottom - top, right - left) == (20, 4)
    assert_mnist_like(pixels)


def test_no_ink_gives_an_empty_input() -> None:
    np.testing.assert_array_equal(to_mnist(np.zeros((50, 80))), np.zeros((28, 28)))


@pytest.mark.parametrize(
    ("bad", "problem"),
    [(np.zeros(10), "2-D"), (np.zeros((0, 5)), "2-D"), (np.full((4, 4), np.nan), "NaN")],
)
def test_bad_drawings_are_refused(bad: np.ndarray, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        to_mnist(bad)


def test_a_lopsided_drawing_keeps_all_its_ink() -> None:
    canvas = np.zeros((100, 100))
    canvas[0:100, 0:5] = 1.0  # a long bar...
    canvas[0:5, 0:100] = 1.0  # ...and a long arm: an L whose mass sits in its corner
    canvas[0:30, 0:30] = 1.0
    pixels = to_mnist(canvas)
    top, left, bottom, right = ink_box(pixels)  # type: ignore[misc]
    assert (bottom - top, right - left) == (BOX, BOX)  # nothing pushed off the field
    assert top >= 0 and bottom <= 28 and left >= 0 and right <= 28


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)), min_size=1, max_size=5),
        min_size=1,
        max_size=3,
    )
)
def test_any_strokes_fit_the_box_and_are_centred_unless_at_an_edge(strokes) -> None:  # type: ignore[no-untyped-def]
    pixels = to_mnist(render_strokes(strokes, size=120, width=0.08))
    top, left, bottom, right = ink_box(pixels)  # type: ignore[misc]
    assert bottom - top <= BOX and right - left <= BOX
    assert pixels.min() >= 0 and pixels.max() <= 1
    row, col = centre_of_mass(pixels)
    # off centre only when moving further would have pushed ink off the field
    assert abs(row - CENTRE) <= 0.5 + 1e-9 or top == 0 or bottom == 28
    assert abs(col - CENTRE) <= 0.5 + 1e-9 or left == 0 or right == 28


def test_resampling_matrices() -> None:
    for n_in, n_out in [(280, 20), (7, 3), (3, 7), (20, 20), (1, 5), (5, 1)]:
        m = resample_matrix(n_in, n_out)
        assert m.shape == (n_out, n_in)
        np.testing.assert_allclose(m.sum(axis=1), 1.0)
        assert m.min() >= 0
    # shrinking by a whole factor averages blocks
    image = np.random.default_rng(0).random((40, 60))
    blocks = image.reshape(20, 2, 20, 3).mean(axis=(1, 3))
    np.testing.assert_allclose(resize(image, (20, 20)), blocks)
    # enlarging interpolates: a ramp stays a ramp inside
    ramp = resize(np.array([[0.0, 1.0]]), (1, 4))[0]
    np.testing.assert_allclose(ramp, [0.0, 0.25, 0.75, 1.0])


def test_centre_of_mass() -> None:
    image = np.zeros((5, 7))
    image[1, 2] = 1.0
    image[3, 6] = 3.0
    assert centre_of_mass(image) == pytest.approx((2.5, 5.0))
    assert centre_of_mass(np.zeros((5, 7))) == (2.0, 3.0)


def test_rendered_strokes_are_antialiased() -> None:
    ink = render_strokes([[(0.2, 0.503), (0.8, 0.503)]], size=100, width=0.1)
    assert ink[50, 50] == 1.0 and ink[0, 0] == 0.0
    edge = ink[:, 50]
    assert np.any((edge > 0) & (edge < 1))  # grey at the pen's edge
    with pytest.raises(ValueError, match="no strokes"):
        synthetic_digit("5")
