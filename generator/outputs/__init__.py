"""Stage 4, rendering: one package per output."""
