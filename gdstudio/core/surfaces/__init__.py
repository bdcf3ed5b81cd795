"""Loss surfaces: the loss over two scalars or a plane, toy functions, descent paths."""
