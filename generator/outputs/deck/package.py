"""Document properties and a byte-identical .pptx package.

python-pptx stamps every zip member with the current time and keeps its own template's core
properties ("Steve Canny", "generated using python-pptx"). Here every property is set from the
outline and every member gets one fixed timestamp, from ``SOURCE_DATE_EPOCH`` when set.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI

# 2000-01-01 00:00 UTC: a fixed default keeps builds identical without SOURCE_DATE_EPOCH.
DEFAULT_EPOCH = 946684800


def build_time() -> dt.datetime:
    """Return the build time: ``SOURCE_DATE_EPOCH`` when set (UTC), else 2000-01-01."""
    from generator.environment import source_date_epoch

    epoch = source_date_epoch()
    epoch = DEFAULT_EPOCH if epoch is None else epoch
    # Zip timestamps cannot predate 1980.
    epoch = max(epoch, 315532800)
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)


def set_properties(
    prs: Presentation, *, title: str, author: str, subject: str, keywords: str, language: str
) -> None:
    """Set every core property; nothing of the base template's is kept."""
    when = build_time()
    cp = prs.core_properties
    cp.title = _clip(title)
    cp.author = _clip(author)
    cp.last_modified_by = _clip(author)
    cp.subject = _clip(subject)
    cp.keywords = _clip(keywords)
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = ""
    cp.version = ""
    cp.language = _clip(language)
    cp.revision = 1
    cp.created = when
    cp.modified = when
    cp.last_printed = when


def _clip(text: str, limit: int = 255) -> str:
    """Return ``text`` cut to ``limit`` characters (an ellipsis ends a cut one).

    python-pptx refuses a core property longer than 255 characters (ValueError): a very long
    title or keyword list would otherwise stop the build with a traceback.
    """
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@contextmanager
def partnames_tracked(prs: Presentation) -> Iterator[None]:
    """Within the block, find each new part's name from a set kept up to date.

    python-pptx's ``next_partname`` walks every relationship of every part for each new notes
    slide, so adding slides is quadratic (python-pptx issue #644). This gives the same names
    (the same search over the same names) from a set read once. Nothing may remove parts
    inside the block: the set would then keep names that are free again.
    """
    package = prs.part.package
    used: dict[str, set[str]] = {}
    names = [str(part.partname) for part in package.iter_parts()]

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        if prefix not in used:
            used[prefix] = {name for name in names if name.startswith(prefix)}
        taken = used[prefix]
        # As python-pptx does: the highest free name numbered at most one past the count.
        for n in range(len(taken) + 1, 0, -1):
            if tmpl % n not in taken:
                taken.add(tmpl % n)
                return PackURI(tmpl % n)
        raise RuntimeError(f"no free part name for {tmpl}")  # unreachable: n=len+1 is free

    package.next_partname = next_partname  # the instance attribute shadows the method
    try:
        yield
    finally:
        del package.next_partname


class NotesSlides:
    """Gives each slide its notes slide, as python-pptx's ``slide.notes_slide`` does, faster.

    python-pptx builds every notes slide by cloning the notes master's placeholders, most of a
    slide's cost. The clone comes out the same each time, so the first one is kept (before
    anything is written in it) and copied for the next slides, related exactly as python-pptx
    relates its own; where its notes placeholder sits is remembered too, instead of searched.
    """

    def __init__(self) -> None:
        self._blank = None
        self._body_at: int | None = None  # the notes placeholder's place in the shape tree

    def text_frame(self, slide):  # python-pptx Slide -> TextFrame | None
        """Return the text frame for the notes of ``slide``, which must have no notes yet.

        None when the notes master has no notes placeholder (python-pptx's answer too).
        """
        from pptx.text.text import TextFrame

        if self._blank is None:
            notes = slide.notes_slide
            self._blank = copy.deepcopy(notes._element)
            body = notes.notes_placeholder
            if body is None:
                return None
            self._body_at = list(notes.shapes._spTree).index(body._element)
            return body.text_frame
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.parts.slide import NotesSlidePart

        slide_part = slide.part
        package = slide_part.package
        element = copy.deepcopy(self._blank)
        notes_part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            element,
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        if self._body_at is None:
            return None
        body = element.cSld.spTree[self._body_at]
        return TextFrame(body.get_or_add_txBody(), None)


def drop_thumbnail(prs: Presentation) -> None:
    """Remove the base template's thumbnail: it shows the template, not this deck."""
    pkg = prs.part.package
    for rid, rel in list(pkg._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg._rels.pop(rid)


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<TotalTime>0</TotalTime><Application>workshop-kit</Application>"
    "<PresentationFormat>{format}</PresentationFormat><Slides>{slides}</Slides>"
    # Every slide has its notes slide, so the deck has as many notes as slides.
    "<Notes>{slides}</Notes><HiddenSlides>0</HiddenSlides></Properties>"
)


def save(prs: Presentation, *, slides: int, fmt: str) -> bytes:
    """Return the .pptx bytes of ``prs``, written once, exactly as :func:`reproducible` makes them.

    python-pptx's own ``save`` stamps members with the time, which :func:`reproducible` then
    undoes by unpacking and deflating every member again; writing the members ourselves, in
    python-pptx's order, saves that second pass. It relies on python-pptx's package writer
    internals, so on a python-pptx without them it falls back to save-and-rewrite.
    """
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    parts = tuple(package.iter_parts())
    writer = PackageWriter(io.BytesIO(), package._rels, parts)
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(writer, step) for step in steps):
        buffer = io.BytesIO()
        prs.save(buffer)
        return reproducible(buffer.getvalue(), slides=slides, fmt=fmt)
    out = io.BytesIO()
    global _last_deflated
    with zipfile.ZipFile(out, "w") as dst:
        member = _Members(dst, APP_XML.format(format=fmt, slides=slides).encode())
        for step in steps:
            getattr(writer, step)(member)
    _last_deflated = member.deflated
    return out.getvalue()


_last_deflated: dict[bytes, bytes] = {}
"""The last deck's members, deflated, by their bytes.

A rebuild under build --watch writes a deck whose members are nearly all as they were (an
edited note changes one notes slide): a member whose bytes are the same is not deflated again
(zlib gives the same output for the same input and level), 6 of the 13 ms the sample deck's
package took. Only the last deck's members are kept (about 0.6 MB for the sample)."""


class _Members:
    """What python-pptx's package writer writes to: each member stamped and deflated alike."""

    def __init__(self, zip_file: zipfile.ZipFile, app_xml: bytes) -> None:
        self._zip = zip_file
        self._app_xml = app_xml
        self._stamp = build_time().timetuple()[:6]
        self.deflated: dict[bytes, bytes] = {}
        """This deck's members, deflated, by their bytes (see :data:`_last_deflated`)."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        name = pack_uri.membername
        blob = self._app_xml if name == "docProps/app.xml" else blob
        deflated = _add_member(self._zip, name, blob, self._stamp, _last_deflated.get(blob))
        if deflated:
            self.deflated[blob] = deflated


def _add_member(
    dst: zipfile.ZipFile,
    name: str,
    blob: bytes,
    stamp: tuple[int, ...],
    deflated: bytes | None = None,
) -> bytes:
    """Add one member with fixed attributes, so two builds of one input are byte-identical;
    return its deflated bytes (empty when they could not be had).

    ``deflated``, when given, is ``blob`` as this function deflated it before: written as it
    is instead of deflating ``blob`` again, through the same zip writer, so every byte around
    it is the same too.
    """
    member = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    member.compress_type = zipfile.ZIP_DEFLATED
    member.create_system = 0
    member.external_attr = 0
    # What ZipFile.writestr(member, blob, compresslevel=6) does, with the compressor in view.
    member._compresslevel = 6  # type: ignore[attr-defined]
    member.file_size = len(blob)
    with dst.open(member, mode="w") as sink:
        compressor = getattr(sink, "_compressor", None)
        if compressor is None:  # not CPython's zip writer as known: deflated as written
            sink.write(blob)
            return b""
        recorder = _Deflated(None if deflated else compressor, deflated)
        sink._compressor = recorder  # type: ignore[attr-defined]
        sink.write(blob)
    return recorder.out


class _Deflated:
    """Stands in for the zip writer's compressor: deflates through ``compressor`` and keeps
    what it gave, or, without one, gives ``deflated``, the same member deflated before."""

    def __init__(self, compressor: object | None, deflated: bytes | None) -> None:
        self._compressor = compressor
        self.out = b"" if compressor is not None else (deflated or b"")

    def compress(self, data: bytes) -> bytes:
        if self._compressor is None:
            return b""
        chunk = self._compressor.compress(data)  # type: ignore[attr-defined]
        self.out += chunk
        return chunk

    def flush(self) -> bytes:
        if self._compressor is None:
            return self.out
        chunk = self._compressor.flush()  # type: ignore[attr-defined]
        self.out += chunk
        return chunk


def reproducible(data: bytes, *, slides: int, fmt: str) -> bytes:
    """Return the package rewritten with fixed member timestamps and fresh app properties.

    Members keep python-pptx's order; each is deflated with fixed attributes so two builds of
    the same input are byte-identical.
    """
    stamp = build_time().timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                blob = APP_XML.format(format=fmt, slides=slides).encode()
            _add_member(dst, info.filename, blob, stamp)
    return out.getvalue()


# --------------------------------------------------------------------------- notes alone


def with_notes(data: bytes, notes: dict[int, str]) -> bytes | None:
    """Return the deck ``data`` (as :func:`save` wrote it) with the speaker notes of the slides
    numbered in ``notes`` (1-based, in presentation order) set to the texts given; None when
    ``data`` is not laid out as expected, so the caller renders the deck in full instead.

    A notes slide holds nothing but its slide's notes in the notes placeholder, which
    python-pptx's ``TextFrame.text`` fills. The same setter on the notes slide read back from
    the last deck, serialized as python-pptx serializes a part, gives the member a full render
    would write; every other member keeps its bytes, and its deflated bytes, so the package is
    the one :func:`save` would make. ``build --watch`` uses this for an edit that changed
    nothing the deck reads but notes (:class:`generator.watch.Rebuilder`): about 6 ms for the
    sample deck, against 41 to 56 ms to render every slide again.
    """
    stamp = build_time().timetuple()[:6]
    stored = (*stamp[:5], stamp[5] // 2 * 2)  # a zip keeps the seconds halved
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            infos = src.infolist()
            if any(
                i.compress_type != zipfile.ZIP_DEFLATED or i.date_time != stored or i.flag_bits
                for i in infos
            ):
                return None  # another build time (SOURCE_DATE_EPOCH), or not written by save()
        # Inflated here rather than through ZipFile.read, whose per-member machinery took
        # half of this function's time; checked against the directory's checksums alike.
        raws = {i.filename: _raw(data, i) for i in infos}
        members = {name: zlib.decompress(raw, -15) for name, raw in raws.items()}
        if any(zlib.crc32(members[i.filename]) != i.CRC for i in infos):
            return None
        where = _notes_members(members, notes)
    except (
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ):
        return None
    if where is None:
        return None
    changed = set()
    for number, text in notes.items():
        blob = _notes_set(members[where[number]], text)
        if blob is None:
            return None
        members[where[number]] = blob
        changed.add(where[number])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in infos:
            name = info.filename
            # The others go in deflated as they were (the same bytes; see _add_member).
            _add_member(dst, name, members[name], stamp, None if name in changed else raws[name])
    return out.getvalue()


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """Return the member's deflated bytes as they sit in ``data``, after its local header."""
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    return data[start : start + info.compress_size]


def _notes_members(members: dict[str, bytes], numbers: Iterable[int]) -> dict[int, str] | None:
    """Return the member that holds each numbered slide's notes slide; None when a slide has
    none (or the package is not laid out as python-pptx lays it out)."""
    presentation = "ppt/presentation.xml"
    listed = etree.fromstring(members[presentation]).find(_P + "sldIdLst")
    if listed is None:
        return None
    slide_ids = [el.get(_R + "id") for el in listed]
    slides = _related(members, presentation)
    found = {}
    for number in numbers:
        if not 1 <= number <= len(slide_ids):
            return None
        slide = slides.get(slide_ids[number - 1] or "")
        notes = (
            [
                target
                for rel_type, target in _related(members, slide[1]).values()
                if rel_type == RT.NOTES_SLIDE
            ]
            if slide is not None and slide[0] == RT.SLIDE
            else []
        )
        if len(notes) != 1:
            return None
        found[number] = notes[0]
    return found


_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _related(members: dict[str, bytes], member: str) -> dict[str, tuple[str, str]]:
    """Return the internal relationships of ``member``: by id, (type, target member)."""
    folder, name = posixpath.split(member)
    rels = etree.fromstring(members[posixpath.join(folder, "_rels", name + ".rels")])
    return {
        rel.get("Id", ""): (
            rel.get("Type", ""),
            posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))),
        )
        for rel in rels.iter(_RELS + "Relationship")
        if rel.get("TargetMode") != "External"
    }


def _notes_set(blob: bytes, text: str) -> bytes | None:
    """Return the notes slide ``blob`` with ``text`` in its notes placeholder, serialized as
    python-pptx serializes the part; None when it has no notes placeholder."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.oxml import parse_xml
    from pptx.slide import NotesSlide

    element = parse_xml(blob)
    body = NotesSlide(element, None).notes_placeholder  # type: ignore[arg-type]
    if body is None:
        return None
    # As the full render does (render._Writer.add, through NotesSlides.text_frame).
    body.text_frame.text = text
    return serialize_part_xml(element)
