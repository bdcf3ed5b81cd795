"""GD Studio: watch gradient descent train a neural network on handwritten digits."""

__version__ = "0.1.0"
