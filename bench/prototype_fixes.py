"""Prototype fixes for docs/performance.md, applied by monkeypatching: measurement only.

The product never imports this file. ``bench/try_fixes.py`` imports it with ``WK_FIXES`` naming
the fixes to apply (comma-separated), to measure what each would save before the owners of
the patched modules make the real change:

* ``yaml``: load each outline file once per process while unchanged (generator/loader.py
  ``load_outline``, as called from customize_load.py and overlay.py);
* ``textfit``: cache text widths per (text, font) (generator/textfit.py ``text_width``);
* ``partname``: keep python-pptx's used part names in a set instead of walking every
  relationship for each new slide and notes slide (python-pptx issue #644, PR #646);
* ``qr``: encode the handout's QR code once, not on every page of both layout passes.
"""

import copy
import functools
import os

FIXES = set(filter(None, os.environ.get("WK_FIXES", "").split(",")))

if "yaml" in FIXES:
    # Read and validate each outline file once per process while it is unchanged. The loaded
    # Outline is shared, which is safe because customize never mutates its input.
    import generator.customize  # noqa: F401 - customize_load must be imported through it
    import generator.customize_load as cl
    import generator.loader as loader
    import generator.overlay as ov

    _orig_load = loader.load_outline
    _loaded = {}

    def load_outline(path):
        st = os.stat(path)
        key = (os.path.realpath(path), st.st_mtime_ns, st.st_size)
        if key not in _loaded:
            _loaded[key] = _orig_load(path)
        return _loaded[key]

    loader.load_outline = cl.load_outline = ov.load_outline = load_outline

if "textfit" in FIXES:
    import generator.textfit as tf

    @functools.lru_cache(maxsize=65536)
    def _unit(text, path):
        return tf._font(path).getlength(text)

    tf.text_width = lambda text, path, size: _unit(text, str(path)) * size / 1000

if "partname" in FIXES:
    from pptx.opc.package import OpcPackage
    from pptx.opc.packuri import PackURI

    def next_partname(self, tmpl):
        used = self.__dict__.get("_used_partnames")
        if used is None:
            used = {str(p.partname) for p in self.iter_parts()}
            self.__dict__["_used_partnames"] = used
        n = 1
        while tmpl % n in used:
            n += 1
        used.add(tmpl % n)
        return PackURI(tmpl % n)

    OpcPackage.next_partname = next_partname

if "qr" in FIXES:
    from reportlab.graphics.barcode import qrencoder

    _orig_make = qrencoder.QRCode.make
    _made = {}

    def make(self):
        key = tuple(str(d.data) if hasattr(d, "data") else str(d) for d in self.dataList)
        if key in _made:
            self.modules, self.moduleCount = copy.deepcopy(_made[key])
            return
        _orig_make(self)
        _made[key] = (copy.deepcopy(self.modules), self.moduleCount)

    qrencoder.QRCode.make = make
