"""The client handout (reportlab): printable and fillable."""
