"""GD Studio: watch gradient descent train a neural network on handwritten digits."""

import os

# The network's matrices are small (a batch of 100 x 784 x 10): one BLAS thread is fastest, and
# several spin against each other (and against the GUI thread) on a busy machine. This must
# happen before numpy loads its BLAS, so it is here; a value set in the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
