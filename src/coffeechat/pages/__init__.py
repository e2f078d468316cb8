"""The pages: the participant's app, the coach's console and projector, the notebook calls."""
