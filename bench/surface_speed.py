"""How fast the loss surfaces are computed, against the naive way in the same run.

    python bench/surface_speed.py [--json] [--repeat N]

* pair_101_train_s: the loss over two scalars (w1[407, 3], b1[3]) on a 101 x 101 grid over the
  8,000 embedded training samples, float32 as the window computes it, preparation included;
  the baseline evaluates a few grid points with full forward passes and scales up. The pair
  goes through `network_slice`, as every feature does (the tutorial's shortcut);
  pair_101_train_general_s is the same grid through the general output-layer slice.
* plane_51_s: a 51 x 51 plane through all parameters (random filter-normalised directions, b0
  included, so every point needs tanh again) over 1,000 validation samples, coarse grid first.
* plane_first_picture_s / plane_total_s: the same plane as the window asks for it
  (`plane_results`, the plane's directions included): until the first (coarse) picture, and
  until the final 51 x 51 grid (targets 0.3 s and 2 s).
* toy_201_s: the Beale function on a 201 x 201 grid.

Each number is the best of --repeat runs; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import numpy as np

from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.nn.param_refs import parse_pair
from gdstudio.core.surfaces.descent import Grid
from gdstudio.core.surfaces.loss_plane import PlaneSlice, plane_results, random_plane
from gdstudio.core.surfaces.surface import evaluation_data, network_slice
from gdstudio.core.surfaces.surface_general import OutputPairSlice
from gdstudio.core.surfaces.surface_report import starting_params
from gdstudio.core.surfaces.toy_surfaces import Beale, surface_grid

NAIVE_POINTS = 20


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="(the last line is always JSON)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    dataset = load_dataset("embedded")
    model = TutorialNet()
    params = starting_params(dataset)
    pair = parse_pair("w1:407:3,b1:3")
    x_train, y_train = evaluation_data(dataset, "train", np.float32)
    x_valid, y_valid = evaluation_data(dataset, "valid", np.float32)

    def pair_grid() -> None:
        surface = network_slice(model, params, pair, x_train, y_train)
        surface.grid(0.5, 101, np.float32)

    pair_s = best_of(args.repeat, pair_grid)

    def general_pair_grid() -> None:
        surface = OutputPairSlice(model, params, pair, x_train, y_train)
        surface.grid(0.5, 101, np.float32)

    general_pair_s = best_of(args.repeat, general_pair_grid)

    def naive_points() -> None:  # a full forward pass per grid point
        trial = {name: p.copy() for name, p in params.items()}
        for k in range(NAIVE_POINTS):
            trial["w1"][407, 3] = params["w1"][407, 3] + 0.01 * k
            trial["b1"][3] = params["b1"][3] - 0.01 * k
            model.losses(trial, x_train, y_train).mean()

    naive_pair_s = best_of(args.repeat, naive_points) * 101 * 101 / NAIVE_POINTS

    plane_params = {name: p.copy() for name, p in params.items()}
    plane = PlaneSlice(model, random_plane(plane_params, seed=0), x_valid, y_valid)
    assert not plane.linear
    plane_s = best_of(
        max(1, args.repeat - 1), lambda: list(plane.grids((-1.0, 1.0), (-1.0, 1.0), 51))
    )

    def plane_timeline() -> tuple[float, float]:
        started = time.perf_counter()
        first = total = 0.0
        for item in plane_results(model, "random", [], plane_params, x_valid, y_valid, 51):
            if isinstance(item, Grid):
                first = first or time.perf_counter() - started
                if item.final:
                    total = time.perf_counter() - started
                    break
        return first, total

    timelines = [plane_timeline() for _ in range(max(1, args.repeat - 1))]
    first_s = min(t[0] for t in timelines)
    total_s = min(t[1] for t in timelines)
    toy_s = best_of(args.repeat * 3, lambda: surface_grid(Beale(), 201))

    print(f"pair 101 x 101 over 8,000 training samples: {pair_s:.3f} s (target 1.0 s)")
    print(f"  through the general output-layer slice: {general_pair_s:.3f} s")
    print(f"  full forward pass per point (estimated): {naive_pair_s:.1f} s")
    print(f"plane 51 x 51 over 1,000 validation samples: {plane_s:.3f} s (target 5 s)")
    print(f"  as the window asks: first picture {first_s:.3f} s (target 0.3 s), ", end="")
    print(f"final {total_s:.3f} s (target 2 s)")
    print(f"textbook surface 201 x 201: {1000 * toy_s:.1f} ms (target 50 ms)")
    result = {
        "pair_101_train_s": round(pair_s, 4),
        "pair_101_train_general_s": round(general_pair_s, 4),
        "plane_51_s": round(plane_s, 4),
        "plane_first_picture_s": round(first_s, 4),
        "plane_total_s": round(total_s, 4),
        "toy_201_s": round(toy_s, 5),
        "naive_pair_101_train_s": round(naive_pair_s, 2),
        "pair_speedup": round(naive_pair_s / pair_s, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
