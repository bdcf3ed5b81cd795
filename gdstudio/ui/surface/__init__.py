"""The Loss surface tab: textbook functions, two scalars of the network, a plane, in 2D and 3D."""
