"""The kit's anywidgets, each with its JavaScript beside it."""
