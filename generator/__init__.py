"""workshop-kit: one outline in, a deck, a client handout and a facilitator guide out."""

from generator import lazy_patterns as _lazy_patterns

__version__ = "0.1.0"

# Before any library is imported: see generator.lazy_patterns.
_lazy_patterns.register()
