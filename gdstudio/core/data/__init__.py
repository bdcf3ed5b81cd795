"""The digits: IDX files, datasets and their splits, downloads, a drawn digit as an input."""
