"""The networks: the tutorial's and the ones beside it, their gradients, optimizers, checks."""
