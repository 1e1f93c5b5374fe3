"""Stage 2, audiences: overlays and profiles turn one outline into the session for one audience.

Entry point: :func:`generator.audience.load.load_workshop`.
"""
