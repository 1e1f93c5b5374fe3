"""Safe, located YAML: read a file into plain Python data that remembers where every value was.

This is the one place the tool reads YAML. Outlines, overlays and practice profiles all go
through :func:`load_yaml`, which returns a :class:`Document`:

* ``doc.data`` is plain Python (dict, list, str, int, float, bool, None) — never arbitrary
  objects: only the core YAML tags are accepted;
* ``doc.locate(path)`` gives the 1-based ``(line, column)`` of any value by its path, e.g.
  ``doc.locate(("sections", 2, "slides", 0, "points"))``. For a mapping entry that is where its
  key starts (``points:``), for a list item where the item starts, so a message points at the
  line a person would edit. A path that goes deeper than the file (a key that is missing) is
  located at the deepest part that exists;
* ``doc.problem(path, message)`` builds a located :class:`~generator.errors.Problem`;
* ``doc.problems`` holds what is wrong but still readable (duplicate keys, tags).

Problems that stop the file from being read at all (too big, empty, binary, not UTF-8, not
YAML, nested too deep, aliases) raise :class:`~generator.errors.OutlineError` straight away.

Scalars follow the YAML 1.2 core schema, not PyYAML's YAML 1.1 defaults, because the 1.1 rules
surprise people: ``locale: NO`` would become ``False``, ``start: 10:30`` the number 630 and
``date: 2025-03-14`` a date object. Here only ``true``/``false`` are booleans, only plain
decimal numbers are numbers, and everything else is text.

Limits (see docs/limits.md): :data:`MAX_BYTES`, :data:`MAX_DEPTH`, :data:`MAX_NODES`; aliases
(``*name``) are refused outright, which stops "billion laughs" expansion before it starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import OutlineError, Problem, display_path

MAX_BYTES = 2 * 1024 * 1024
"""Largest file accepted; the largest real outline is well under 100 KB."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings; the outline format needs fewer than 12 levels."""
MAX_NODES = 500_000
"""Most values (scalars, lists, mappings) in one file."""
MAX_DIGITS = 30
"""Longest number (in characters); no value of the format needs more than a few digits, and
Python refuses to read an integer of over 4,300 digits with a traceback."""

Path_ = tuple[str | int, ...]

try:  # libyaml parses about ten times faster; the pure-Python parser gives the same events
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_CORE = "tag:yaml.org,2002:"
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip file (a .pptx, .docx or .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)


@dataclass(frozen=True)
class Mark:
    """Where a key or value starts, 1-based."""

    line: int
    column: int


@dataclass
class Document:
    """A YAML file read into plain data, with the position of every value.

    ``file`` is the path as shown to the user (relative to the working directory when under it).
    """

    file: str
    data: object
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """What reads as valid YAML but likely changed what the person meant (``check`` shows it):
    a sentence split by commas inside ``[ ]``, a bullet merged into the line above."""

    def locate(self, path: Iterable[str | int]) -> tuple[int, int]:
        """Return ``(line, column)`` of ``path``: its key for mapping entries, else its value.

        A path that does not exist in the file (a missing key, a default) falls back to the
        deepest enclosing entry that does.
        """
        path = tuple(path)
        while True:
            mark = self.keys.get(path) or self.values.get(path)
            if mark is not None:
                return mark.line, mark.column
            if not path:
                return 1, 1
            path = path[:-1]

    def locate_value(self, path: Iterable[str | int]) -> tuple[int, int]:
        """Return ``(line, column)`` where the value at ``path`` itself starts."""
        path = tuple(path)
        mark = self.values.get(path)
        return (mark.line, mark.column) if mark else self.locate(path)

    def problem(
        self, path: Iterable[str | int], message: str, *, where: str | None = None
    ) -> Problem:
        """Return a :class:`Problem` located at ``path``; ``where`` defaults to the dotted path."""
        path = tuple(path)
        line, column = self.locate(path)
        return Problem(
            self.file, line, column, format_path(path) if where is None else where, message
        )


def format_path(path: Iterable[str | int]) -> str:
    """Return a path as people read it: ``sections[2].slides[0].points``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --------------------------------------------------------------------------- reading bytes


def _fail(file: str, line: int, column: int, message: str) -> OutlineError:
    return OutlineError("", [Problem(file, line, column, "", message)])


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def read_text(path: Path, file: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the file's text, decoded from UTF-8 (a BOM is fine), or raise OutlineError.

    Refuses files over ``max_bytes`` before reading them, binary files and text that is not
    UTF-8 (naming the line, column and byte offset of the first bad byte).
    """
    from generator.source.paths import os_cause, why_unreadable

    reason = why_unreadable(path)
    if reason is not None:  # a pipe would make open() wait for ever: refuse it first
        raise _fail(file, 1, 1, f"this file {reason}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _fail(
                file,
                1,
                1,
                f"the file is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{max_bytes // 1024 // 1024} MB — an outline is text and is usually under 100 KB",
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise _fail(file, 1, 1, "this is a folder, not a YAML file") from None
    except FileNotFoundError:
        raise _fail(file, 1, 1, "file not found — check the name and the folder") from None
    except OSError as exc:
        raise _fail(file, 1, 1, f"this file {os_cause(exc)}") from None
    if len(raw) > max_bytes:  # the file grew while we looked at it
        raise _fail(file, 1, 1, f"the file is over the {max_bytes // 1024 // 1024} MB limit")

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad's "Unicode": readable, so read it rather than refuse it.
        try:
            return raw.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise _fail(
                file, 1, 1, "the file claims to be UTF-16 but is not — save it as UTF-8"
            ) from None
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise _fail(file, 1, 1, f"this is {what}, not a YAML text file")
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise _fail(file, line, 1, "this is a binary file, not a YAML text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line, column = _line_col(good, len(good))
        raise _fail(
            file,
            line,
            column,
            f"not UTF-8 text: byte 0x{raw[exc.start]:02X} at byte offset {exc.start} — the file "
            "was saved in another encoding; save it as UTF-8 (Save As… → Encoding: UTF-8)",
        ) from None
    return text


# --------------------------------------------------------------------------- parsing


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Return the position and a plain explanation of a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()

    # A tab in the indentation of any line up to the error is the usual cause.
    for number, content in enumerate(lines[:line], start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return (
                number,
                indent.index("\t") + 1,
                (
                    "this line is indented with a tab — YAML needs spaces, not tabs, for "
                    "indentation (set your editor to insert spaces)"
                ),
            )
    after_quote = _after_closing_quote(lines, line, column)
    if after_quote:
        return line, column, after_quote
    if "control" in problem or "special characters" in problem or "unacceptable" in problem:
        return line, column, "the file contains an invisible control character here — delete it"
    if "mapping values are not allowed" in problem:
        before = lines[line - 1][: column - 1] if line <= len(lines) else ""
        if ": " not in before.strip() and not before.lstrip().startswith("- "):
            # The line's own key is refused: it is indented deeper than its neighbours.
            return (
                line,
                1,
                (
                    "the indentation of this line does not line up with the lines above — check "
                    "the spaces at the start of the line"
                ),
            )
        return (
            line,
            column,
            (
                "a ':' followed by a space inside a value — put the whole value in quotes, e.g. "
                'title: "Part 1: Safety"'
            ),
        )
    if "found unexpected end of stream" in problem or (
        "quoted scalar" in context and "end of stream" in problem
    ):
        return (
            line,
            column,
            "a quote (\" or ') is opened but never closed — add the same quote mark at the "
            "end of the value",
        )
    if "could not find expected ':'" in problem:
        return (
            line,
            column,
            ("expected 'key: value' here — a line is missing its ':' or a quote is not closed"),
        )
    if "found character" in problem and "cannot start any token" in problem:
        char = (
            lines[line - 1][column - 1]
            if line <= len(lines) and column <= len(lines[line - 1])
            else "?"
        )
        if char == "\t":
            return line, column, "a tab is used here — YAML needs spaces, not tabs"
        return (
            line,
            column,
            (f"'{char}' cannot start a value — put the value in quotes, e.g. \"{char}...\""),
        )
    if "flow sequence" in context:
        return line, column, "a [ ... ] list is not closed with ']' or an item is missing a comma"
    if "flow mapping" in context:
        return line, column, "a { ... } mapping is not closed with '}' or is missing a comma"
    if (
        "block end" in problem
        or "did not find expected" in problem
        or "expected <block" in (problem + context)
    ):
        return (
            line,
            column,
            (
                "the indentation of this line does not line up with the lines above — check the "
                "spaces at the start of the line (items of one list start at the same column)"
            ),
        )
    if "block scalar" in context or "block scalar" in problem:
        return (
            line,
            column,
            "the text after '|' or '>' is not indented more than its key — indent each of "
            "its lines two spaces more than the key",
        )
    if (
        "expected alphabetic or numeric character" in problem
        or "anchor" in context
        or ("alias" in context)
    ):
        return line, column, "'&' and '*' start YAML anchors and aliases — put the text in quotes"
    if "expected a single document" in problem or "but found another document" in problem:
        return line, column, "the file holds more than one document ('---'): keep only one"
    return (
        line,
        column,
        f"this is not valid YAML: {problem or context} — check this line and the one above "
        "for a missing ':', quote or bracket",
    )


_QUOTED_START = re.compile(r"""^(?P<lead>\s*(?:-\s+)*(?:[^\s"'#][^:#]*:\s+)?)(?P<q>["'])""")


def _after_closing_quote(lines: list[str], line: int, column: int) -> str | None:
    """Return the message for text written after a value's closing quote, or None.

    ``main_message: "We heal." [@johnson2019]`` is a quoted value followed by more text, which
    YAML cannot read; the parser's own complaint is about indentation, which misleads.
    """
    if not 1 <= line <= len(lines):
        return None
    content = lines[line - 1]
    before = content[: column - 1].rstrip()
    start = _QUOTED_START.match(content)
    if not start or not before.endswith(start.group("q")) or len(before) <= start.end():
        return None
    quote = start.group("q")
    inside = before[start.end() : -1]
    if quote in inside.replace(quote * 2, ""):  # several quoted values: not this mistake
        return None
    rest = content[column - 1 :].split(" #")[0].strip()
    if not rest or rest[0] in "\"'":
        return None
    fixed = f"{start.group('lead')}{quote}{inside} {rest}{quote}".strip()
    return f"text follows the closing quote ({rest}) — move it inside the quotes, e.g. {fixed}"


def _short(tag: str) -> str:
    """Return a tag as written in YAML: ``!!python/object`` rather than its full URI."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _float(value: str) -> float:
    """Return a YAML core-schema float (``.inf``, ``-.inf`` and ``.nan`` included)."""
    low = value.lower()
    if low.endswith(".inf"):
        return float("-inf") if low.startswith("-") else float("inf")
    return float("nan") if low == ".nan" else float(value)


def _events(loader: yaml.SafeLoader):  # a generator of yaml events
    """Yield the parser's events one by one (what ``yaml.parse`` does, for any loader)."""
    while loader.check_event():
        yield loader.get_event()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters other than tab, newline and carriage return."""


CONTINUATIONS = frozenset({"and", "or", "but", "so", "then", "because", "which", "while", "yet"})
"""Words that continue a sentence: a ``[ ]`` item starting with one was split off by a comma."""


class _Builder:
    """Turns parser events into plain data plus marks, enforcing the limits."""

    def __init__(self, doc: Document, lines: list[str] | None = None) -> None:
        self.doc = doc
        self.nodes = 0
        self.lines = lines or []

    def _warn(self, path: Path_, message: str) -> None:
        self.doc.warnings.append(self.doc.problem(path, message))

    def _merged_bullet(self, event: yaml.ScalarEvent, path: Path_, value: str) -> None:
        """Warn when plain text runs onto a line that starts with '- ' (a bullet merged in)."""
        first, last = event.start_mark.line, event.end_mark.line
        if event.style or last <= first:
            return
        for number in range(first + 1, min(last, len(self.lines) - 1) + 1):
            line = self.lines[number].strip()
            if line.startswith("- "):
                self._warn(
                    path,
                    f"this text runs onto a line that starts with '- ' (line {number + 1}), so "
                    f"'{line[2:]}' was joined into it: '{' '.join(value.split())}' — if it is an "
                    "item of its own, indent its '- ' exactly like the items above it; if the "
                    "dash belongs to the text, put the whole text in quotes",
                )
                return

    def _split_sentence(self, items: list[object], starts: list[Path_], flow: bool) -> None:
        """Warn for a ``[ ]`` item that starts like the rest of a sentence ("and notice…")."""
        if not flow:
            return
        for i in range(1, len(items)):
            item = items[i]
            if not isinstance(item, str) or starts[i] is None:
                continue
            word = item.split(" ", 1)[0]
            if word in CONTINUATIONS:
                self._warn(
                    starts[i],
                    f"commas inside [ ] split this text into separate items: '{item}' starts "
                    f"like the rest of the item before ('{items[i - 1]}') — if it is one "
                    'sentence, put it in quotes: ["' + f"{items[i - 1]}, {item}" + '"], or '
                    "write the list one item per line, each starting with '- '",
                )

    def _mark(self, event: yaml.Event) -> Mark:
        return Mark(event.start_mark.line + 1, event.start_mark.column + 1)

    def _refuse(self, event: yaml.Event, message: str) -> OutlineError:
        mark = self._mark(event)
        return _fail(self.doc.file, mark.line, mark.column, message)

    def _too_long_number(self, path: Path_, value: str) -> str:
        """Record that the number ``value`` is too long; return it as text, to go on checking."""
        self.doc.problems.append(
            self.doc.problem(
                path,
                f"this number is {len(value):,} characters long; the limit is {MAX_DIGITS} — "
                "no value here needs more than a few digits: check for a typo",
            )
        )
        return value[:MAX_DIGITS] + "…"

    def scalar(self, event: yaml.ScalarEvent, path: Path_) -> object:
        value = event.value
        tag = event.tag
        control = _CONTROL.search(value)
        if control:
            # Escapes such as "\a" or "\0" in double quotes smuggle in characters that no
            # slide, PDF or printer can show; refuse them here, where the place is known.
            self.doc.problems.append(
                self.doc.problem(
                    path,
                    f"contains the invisible control character U+{ord(control.group()):04X}; "
                    "delete it (it often comes from copying text out of another program)",
                )
            )
            value = _CONTROL.sub("", value)
        if tag in (None, "!"):
            if not event.implicit[0] or event.style:  # quoted or block text is always text
                return value
            if _NULL.match(value):
                return None
            if _BOOL.match(value):
                return value.lower() == "true"
            if _INT.match(value) or _FLOAT.match(value):
                if len(value) > MAX_DIGITS:
                    return self._too_long_number(path, value)
                return int(value) if _INT.match(value) else _float(value)
            return value
        core = {f"{_CORE}str": str, f"{_CORE}int": int, f"{_CORE}float": float}
        if tag in core:
            if tag != f"{_CORE}str" and len(value) > MAX_DIGITS:
                return self._too_long_number(path, value)
            try:
                return core[tag](value)
            except ValueError:
                self.doc.problems.append(self.doc.problem(path, f"'{value}' is not a {tag[18:]}"))
                return value
        if tag == f"{_CORE}bool" and _BOOL.match(value):
            return value.lower() == "true"
        if tag == f"{_CORE}null":
            return None
        self.doc.problems.append(
            self.doc.problem(path, f"the YAML tag '{_short(tag)}' is not allowed here — remove it")
        )
        return value

    def node(self, events, event: yaml.Event, path: Path_, depth: int) -> object:
        """Return the value that starts with ``event``, consuming its events."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._refuse(event, f"the file holds more than {MAX_NODES:,} values — the limit")
        if depth > MAX_DEPTH:
            raise self._refuse(
                event, f"the data is nested more than {MAX_DEPTH} levels deep — the limit"
            )
        self.doc.values.setdefault(path, self._mark(event))
        if isinstance(event, yaml.AliasEvent):
            raise self._refuse(
                event,
                f"'*{event.anchor}' is a YAML alias; aliases are not supported — write the "
                "content out in full",
            )
        if isinstance(event, yaml.ScalarEvent):
            value = self.scalar(event, path)
            if isinstance(value, str):
                self._merged_bullet(event, path, value)
            return value
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, "seq", path)
            items: list[object] = []
            # Plain (unquoted) items of a [ ] list: only those can be split by a comma.
            plain: list[Path_ | None] = []
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    self._split_sentence(items, plain, bool(event.flow_style))
                    return items
                at = (*path, len(items))
                unquoted = isinstance(item, yaml.ScalarEvent) and not item.style
                plain.append(at if unquoted else None)
                items.append(self.node(events, item, at, depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, "map", path)
            mapping: dict[object, object] = {}
            first: dict[object, Mark] = {}
            for key_event in events:
                if isinstance(key_event, yaml.MappingEndEvent):
                    return mapping
                key_mark = self._mark(key_event)
                if isinstance(key_event, yaml.ScalarEvent):
                    key = self.scalar(key_event, path)
                    if key is None or isinstance(key, float):
                        key = key_event.value
                else:  # a list or mapping used as a key: consume it, then refuse it
                    self.node(events, key_event, (*path, "?"), depth + 1)
                    self.doc.problems.append(
                        Problem(
                            self.doc.file,
                            key_mark.line,
                            key_mark.column,
                            format_path(path),
                            "a key must be a plain word, not a list or mapping — write a "
                            "word followed by ':', or put the text in quotes",
                        )
                    )
                    key = f"?{key_mark.line}:{key_mark.column}"
                value_path = (*path, key)
                if key in first:
                    self.doc.problems.append(
                        Problem(
                            self.doc.file,
                            key_mark.line,
                            key_mark.column,
                            format_path(path),
                            f"duplicate key '{key}' (first at line {first[key].line}) — keep one",
                        )
                    )
                    # Keep the first value and its marks: the later one is reported.
                    self.node(events, next(events), (*path, "\0dup"), depth + 1)
                    continue
                first[key] = key_mark
                self.doc.keys[value_path] = key_mark
                mapping[key] = self.node(events, next(events), value_path, depth + 1)
        raise self._refuse(event, "unexpected YAML structure")  # pragma: no cover

    def _check_tag(self, event: yaml.CollectionStartEvent, kind: str, path: Path_) -> None:
        if event.tag not in (None, "!", f"{_CORE}{kind}"):
            self.doc.problems.append(
                self.doc.problem(
                    path, f"the YAML tag '{_short(event.tag)}' is not allowed here — remove it"
                )
            )


def parse_text(text: str, file: str) -> Document:
    """Return the Document for YAML ``text``; raise OutlineError if it cannot be read at all."""
    doc = Document(file=file, data=None)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _fail(file, 1, 1, "the file is empty — it has no 'key: value' lines yet")
    loader = _Parser(text)
    try:
        events = _events(loader)
        builder = _Builder(doc, text.splitlines())
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise builder._refuse(
                        event, "the file holds more than one document ('---'): keep only one"
                    )
                doc.data = builder.node(events, next(events), (), 1)
    except yaml.MarkedYAMLError as exc:
        line, column, message = _explain(exc, text)
        raise _fail(file, line, column, message) from None
    except yaml.YAMLError as exc:  # reader errors: bad characters
        position = getattr(exc, "position", None)
        line, column = _line_col(text, position) if isinstance(position, int) else (1, 1)
        character = getattr(exc, "character", None)
        code = f" (U+{ord(character):04X})" if isinstance(character, str) else ""
        raise _fail(
            file,
            line,
            column,
            f"the file contains an invisible control character{code} — delete it",
        ) from None
    except RecursionError:
        raise _fail(file, 1, 1, f"the data is nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    return doc


def load_yaml(path: str | Path, *, top: str = "mapping") -> Document:
    """Return the located :class:`Document` for the YAML file at ``path``.

    Raises :class:`OutlineError` (exit code 2, located) when the file cannot be read as YAML,
    or when ``top == "mapping"`` and its top level is not ``key: value`` lines. Problems that
    leave the data readable (duplicate keys, YAML tags) are in ``doc.problems``: report them
    together with validation problems, e.g. through :func:`generator.source.messages.parse_model`.
    """
    path = Path(path)
    file = display_path(path)
    doc = parse_text(read_text(path, file), file)
    if top == "mapping" and not isinstance(doc.data, dict):
        what = describe(doc.data)
        raise _fail(
            file,
            *doc.locate_value(()),
            f"the file must be made of 'key: value' lines (like 'title: ...'), but it is {what}",
        )
    return doc


def describe(value: object) -> str:
    """Return how a value reads to a person: 'a list', 'a mapping', 'text', 'a number'…"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class _Dumper(yaml.SafeDumper):
    """Writes YAML this module reads back as the same data.

    PyYAML writes by YAML 1.1 rules, under which ``1e5`` or ``NO`` are plain text; this reader
    follows YAML 1.2 for numbers and booleans, so such text is quoted when written.
    """


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(p.match(text) for p in (_NULL, _BOOL, _INT, _FLOAT)) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data: object) -> str:
    """Return ``data`` as YAML text that :func:`parse_text` reads back as the same data."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
