"""workshop-kit: one outline in, a deck, a client handout and a facilitator guide out."""

__version__ = "0.1.0"
