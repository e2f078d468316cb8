"""The views: one ipywidgets view per module kind and per page part, drawn from a model, never storing."""
