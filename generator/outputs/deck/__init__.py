"""The slide deck (python-pptx): text measured and fitted, then rendered."""
