"""The Training tab: the controls, the pace, the live curves, replay, the divergence notice."""
