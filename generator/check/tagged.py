"""Is a PDF tagged so a screen reader can read it? The checks veraPDF would make that matter most
for our outputs, made with pikepdf (veraPDF needs a JVM, which is not available here).

:func:`problems` reads the content streams and the structure tree and reports, in plain words:
a catalog without structure tree, ``/MarkInfo``, ``/Lang`` or title display; anything drawn
outside marked content; a marked-content id the parent tree does not map to the element that
holds it, or the other way round; a structure order different from the drawing order; a page
without ``/Tabs /S``; a form field not in a Form element, a link not in a Link element, a
Figure without ``/Alt``; XMP without the PDF/UA identification.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf

# Operators that put marks on the page: painting paths, showing text, drawing images or
# XObjects and shadings. Path construction and state changes alone draw nothing.
PAINTING = frozenset(
    ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"']
    + ["INLINE IMAGE"]  # pikepdf's name for an inline image (BI … ID … EI)
)


def _numbers(tree: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """Yield the (key, value) pairs of a number tree, from its leaves in order."""
    if "/Nums" in tree:
        nums = tree.Nums
        for i in range(0, len(nums), 2):
            yield int(nums[i]), nums[i + 1]
    for kid in tree.get("/Kids", []):
        yield from _numbers(kid)


def _kids(elem: pikepdf.Object) -> list[pikepdf.Object]:
    """Return an element's kids as a list (``/K`` may be one kid or an array)."""
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _drawn(pdf: pikepdf.Pdf, problems: list[str]) -> list[tuple[int, int]]:
    """Return the (page, MCID) of each tagged sequence in drawing order; report anything drawn
    outside marked content into ``problems``."""
    order: list[tuple[int, int]] = []
    for n, page in enumerate(pdf.pages):
        depth = 0
        outside: set[str] = set()
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    props = operands[1]
                    if "/MCID" in props:
                        order.append((n, int(props.MCID)))
            elif op == "EMC":
                depth -= 1
            elif op in PAINTING and depth <= 0:
                outside.add(op)
        if outside:
            ops = ", ".join(sorted(outside))
            problems.append(f"page {n + 1}: drawn outside marked content (operators {ops})")
        if depth != 0:
            problems.append(f"page {n + 1}: marked content is not closed (BDC/BMC without EMC)")
    return order


def problems(data: bytes) -> list[str]:
    """Return what keeps the PDF ``data`` from being tagged for assistive technology: one
    sentence per problem, empty when every check passes."""
    pdf = pikepdf.open(io.BytesIO(data))
    found: list[str] = []
    root = pdf.Root
    if "/StructTreeRoot" not in root:
        return ["the PDF has no structure tree: a screen reader reads it as loose text"]
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        found.append("the catalog does not say the PDF is tagged (/MarkInfo /Marked true)")
    if not str(root.get("/Lang", "")):
        found.append("the PDF does not name its language (/Lang)")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        found.append("viewers are not asked to show the title (DisplayDocTitle)")
    xmp = root.get("/Metadata")
    if xmp is None or b"pdfuaid:part>1<" not in xmp.read_bytes():
        found.append("the XMP metadata lacks the PDF/UA identification (pdfuaid:part)")

    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    for n, page in enumerate(pdf.pages):
        if page.obj.get("/Tabs") != pikepdf.Name.S:
            found.append(f"page {n + 1}: tab order does not follow the structure (/Tabs /S)")

    # Walk the tree in order: marked content (page, MCID) -> element, annotations -> element.
    in_tree: list[tuple[int, int]] = []
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    annot_owner: dict[tuple[int, int], pikepdf.Object] = {}

    def walk(elem: pikepdf.Object, page: int | None) -> None:
        if "/Pg" in elem:
            page = pages.get(elem.Pg.objgen, page)
        role = str(elem.get("/S", ""))
        if role == "/Figure" and not str(elem.get("/Alt", "")):
            found.append("a Figure element has no alternate text (/Alt)")
        for kid in _kids(elem):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                annot_owner[kid.Obj.objgen] = elem
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                where = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                in_tree.append((where, int(kid.MCID)))
                owner[in_tree[-1]] = elem.objgen
            elif isinstance(kid, pikepdf.Dictionary):
                walk(kid, page)
            else:
                in_tree.append((page, int(kid)))
                owner[in_tree[-1]] = elem.objgen

    for top in _kids(root.StructTreeRoot):
        walk(top, None)

    drawn = _drawn(pdf, found)
    if drawn != in_tree:
        missing = sorted(set(drawn) - set(in_tree))
        extra = sorted(set(in_tree) - set(drawn))
        if missing or extra:
            found.append(
                f"{len(missing)} marked-content sequence(s) are not in the structure tree and "
                f"{len(extra)} element reference(s) point at no drawn content"
            )
        else:
            found.append("the structure order differs from the drawing order")

    # The parent tree, both ways: each page's array maps every MCID to the element holding it.
    tree = dict(_numbers(root.StructTreeRoot.get("/ParentTree", pikepdf.Dictionary())))
    for n, page in enumerate(pdf.pages):
        entries = tree.get(int(page.obj.get("/StructParents", -1)))
        ids = [m for p, m in drawn if p == n]
        if entries is None:
            if ids:
                found.append(f"page {n + 1}: no parent-tree entry for its marked content")
            continue
        mapped = {m for m, e in enumerate(entries) if isinstance(e, pikepdf.Dictionary)}
        if mapped != set(ids):
            found.append(f"page {n + 1}: the parent tree and the marked content disagree")
        for m in ids:
            if m < len(entries) and owner.get((n, m)) != entries[m].objgen:
                found.append(f"page {n + 1}: the parent tree maps MCID {m} to the wrong element")

    for n, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            kind = annot.get("/Subtype")
            if kind not in (pikepdf.Name.Widget, pikepdf.Name.Link):
                continue
            want = "/Form" if kind == pikepdf.Name.Widget else "/Link"
            elem = annot_owner.get(annot.objgen)
            what = "form field" if want == "/Form" else "link"
            if elem is None or str(elem.get("/S")) != want:
                found.append(f"page {n + 1}: a {what} is not in a {want[1:]} element")
                continue
            parent = tree.get(int(annot.get("/StructParent", -1)))
            if parent is None or parent.objgen != elem.objgen:
                found.append(f"page {n + 1}: the parent tree does not map a {what} to its element")
            if want == "/Form" and not str(annot.get("/TU", "")):
                found.append(f"page {n + 1}: a form field has no accessible name (/TU)")
            if want == "/Link" and not str(annot.get("/Contents", elem.get("/Contents", ""))):
                found.append(f"page {n + 1}: a link has no description (/Contents)")
    return found
