"""Looking at data and weights: the Data, Weights and Draw tabs."""
