"""Stage 1, the files people write: YAML read with positions, validated into models.

Entry point: :func:`generator.source.loader.load_outline` (and ``load_practice``).
"""
