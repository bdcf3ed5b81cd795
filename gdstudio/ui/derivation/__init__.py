"""The Derivation tab: the chain rule with live numbers, one step at a time, the gradient check."""
