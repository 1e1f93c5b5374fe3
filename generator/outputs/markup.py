"""Escaping text for reportlab's paragraph markup and for XML, without ``xml.sax``.

``xml.sax.saxutils`` imports ``urllib.request``, which imports ``http.client`` and ``ssl``:
9 ms of a cold build's PDF half (measured with ``python -X importtime``), for a function of
three replacements. python-pptx imports it anyway, but in the child that renders the deck.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` written as entities.

    The same result as ``xml.sax.saxutils.escape(text)``: the ampersand first, so the other
    two's entities are not escaped again.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
