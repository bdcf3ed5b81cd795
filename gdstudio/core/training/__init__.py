"""Training: the engine, a run's history and snapshots, comparisons, presets, lessons."""
