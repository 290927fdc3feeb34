"""Role-play: the scene model and its validation, the scene library (the runner comes next)."""
