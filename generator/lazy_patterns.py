"""Regular expressions that libraries compile when imported, compiled instead when first used.

reportlab, PyYAML and pikepdf each compile, at import, a pattern over large Unicode ranges that
a build seldom or never uses: reportlab's URI pattern (case-insensitive up to U+FFFF, 15-18 ms,
used only to break a URI too long for a line), PyYAML's printable-character check (used only by
its pure-Python reader; outlines are read with libyaml), and a few more. Python's ``re``
returns what its cache holds for a pattern and flags, so a stand-in put there before the
library is imported is what the library gets; the stand-in compiles the real pattern the first
time anything is asked of it. A library whose pattern has changed compiles its own, as before
(tests/test_speedups.py notices).
"""

from __future__ import annotations

import re
from typing import Any

_CACHES = ("_cache", "_cache2")
"""Where ``re`` keeps compiled patterns (``_cache2`` since Python 3.12)."""


class CompiledOnUse:
    """Stands in for one compiled regular expression, and compiles it when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._key = (str, pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        """Return the real pattern's attribute ``name`` (``match``, ``search``…)."""
        if self._compiled is None:
            for cache_name in _CACHES:  # so that re.compile compiles it, not returns this
                cache = getattr(re, cache_name, None)
                if isinstance(cache, dict) and cache.get(self._key) is self:
                    del cache[self._key]
            self._compiled = re.compile(self._key[1], self._key[2])
        return getattr(self._compiled, name)


def compile_on_use(pattern: str, flags: int = 0) -> None:
    """Make ``re.compile(pattern, flags)`` return a :class:`CompiledOnUse` until it is used."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        cache.setdefault((str, pattern, flags), CompiledOnUse(pattern, flags))


YAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""``yaml.reader.Reader.NON_PRINTABLE`` (PyYAML 6)."""

REPORTLAB_URI = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}"
    "(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))"
    "(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)
"""``reportlab.platypus.paragraph.uri_pat`` (reportlab 5.1), compiled with ``re.I``."""

REPORTLAB_CJK = "([\u2e80-\uffff])"
"""``reportlab.lib.textsplit.rx`` (its ``cjkwrap``, which no renderer calls), ``re.UNICODE``."""

PIKEPDF_XML_ILLEGAL = (
    r"(?u)[^\x09\x0A\x0D\x20-\U0000D7FF\U0000E000-\U0000FFFD\U00010000-\U0010FFFF]"
)
"""``pikepdf.models.metadata._constants.re_xml_illegal_chars`` (pikepdf 10)."""


def register() -> None:
    """Put the stand-ins for the patterns above in ``re``'s cache (before the libraries load)."""
    compile_on_use(YAML_NON_PRINTABLE)
    compile_on_use(REPORTLAB_URI, re.IGNORECASE.value)
    compile_on_use(REPORTLAB_CJK, re.UNICODE.value)
    compile_on_use(PIKEPDF_XML_ILLEGAL)
