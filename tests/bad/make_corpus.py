"""Regenerate the bad-input corpus in this folder and its cases.yaml.

Run ``python tests/bad/make_corpus.py`` after changing a case; commit the files it writes.
"""

import struct
import textwrap
import zlib
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "outlines").mkdir(exist_ok=True)
(OUT / "practice").mkdir(exist_ok=True)
(OUT / "outlines" / "assets").mkdir(exist_ok=True)

BASE = textwrap.dedent("""\
    title: Bad Input Workshop
    source: {title: An Article, author: A. Writer}
    duration: 30
    objectives:
      - {id: obj-one, text: Describe one finding.}
    references:
      - key: coan2006
        authors: ["Coan, J. A."]
        year: 2006
        title: Lending a hand
    sections:
      - id: intro
        title: Introduction
        minutes: 10
        slides:
          - {id: s-title, kind: title}
          - id: s-wired
            kind: bullets
            title: Wired for Connection
            notes: Hand-holding calms the brain [@coan2006].
            points:
              - We calm together
              - Isolation is a threat
      - id: practice
        title: Practice
        minutes: 20
        facilitator:
          exercises:
            - id: ex-pairs
              title: Noticing Safety
              format: pairs
              minutes: 10
              steps: [Pair up., Share a moment of safety.]
        slides:
          - {id: s-ex, kind: exercise, exercise: ex-pairs}
          - {id: s-close, kind: closing}
    handout:
      main_message: We heal in connection.
      key_ideas:
        - {id: k1, heading: We are wired to connect, text: Your body calms when someone is near.}
      try_this:
        title: Reach out once
        steps: [Pick one person., Send a short message.]
    """)

PRACTICE = textwrap.dedent("""\
    practitioner:
      name: Dana Rivers
      credentials: LMFT
    contact:
      email: dana@rivers-therapy.test
    colors:
      primary: "#2F5D62"
    paper: letter
    locale: US
    """)

cases = []


def line_of(text, needle):
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    raise SystemExit(f"needle not found: {needle!r}")


def outline(name, text, expect, line=None, col=None, mode="w"):
    path = OUT / "outlines" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")
    cases.append((f"outlines/{name}", expect, line, col))


def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)


def practice(name, text, expect, line=None):
    (OUT / "practice" / name).write_text(text, encoding="utf-8", newline="\n")
    cases.append((f"practice/{name}", expect, line, None))


# ---- unreadable files
outline("empty.yaml", "", "the file is empty", 1, 1)
outline("comments-only.yaml", "# just a comment\n\n# and another\n", "the file is empty", 1, 1)
outline("binary.yaml", b"title: x\n\x00\x01\x02\x03\xff\xfe binary", "binary file", 2)
outline("png-named-yaml.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image", 1)
outline("zip-named-yaml.yaml", b"PK\x03\x04\x14\x00\x00\x00", "zip file", 1)
outline(
    "latin1.yaml",
    BASE.replace("An Article", "Un caf\u00e9").encode("latin-1"),
    "not UTF-8 text: byte 0xE9",
    2,
)
outline(
    "control-char.yaml",
    sub("We calm together", "We calm\x07 together"),
    "control character",
    line_of(BASE, "We calm together"),
)
# ---- YAML syntax
outline(
    "tabs.yaml",
    sub("        minutes: 10\n", "\tminutes: 10\n")
    if False
    else BASE.replace("    minutes: 10\n", "\tminutes: 10\n", 1),
    "spaces, not tabs",
    line_of(BASE, "minutes: 10"),
    1,
)
outline(
    "colon-in-value.yaml",
    sub("title: Introduction", "title: Part 1: Introduction"),
    "put the whole value in quotes",
    line_of(BASE, "title: Introduction"),
)
outline(
    "unclosed-quote.yaml",
    sub("main_message: We heal in connection.", 'main_message: "We heal in connection.'),
    "never closed",
)
outline(
    "unclosed-bracket.yaml",
    sub(
        "steps: [Pick one person., Send a short message.]",
        "steps: [Pick one person., Send a short message.",
    ),
    "not closed with ']'",
)
outline(
    "bad-indent.yaml",
    sub("    title: Introduction\n", "     title: Introduction\n"),
    "indentation",
    line_of(BASE, "title: Introduction"),
)
outline(
    "top-list.yaml",
    "- title: A list is not an outline\n- duration: 30\n",
    "must be made of 'key: value' lines",
    1,
)
outline(
    "top-text.yaml", "Just some words, not an outline.\n", "must be made of 'key: value' lines", 1
)
outline(
    "two-documents.yaml",
    BASE + "---\ntitle: Second\n",
    "more than one document",
    len(BASE.splitlines()) + 1,
)
bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
    bomb += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
outline("alias-bomb.yaml", bomb, "aliases are not supported", 2)
outline(
    "alias.yaml",
    sub("    title: Practice\n", "    title: *intro\n"),
    "aliases are not supported",
    line_of(BASE, "title: Practice"),
)
outline(
    "deep-nesting.yaml", "title: " + "[" * 300 + "]" * 300 + "\n", "nested more than 64 levels", 1
)
outline(
    "deep-mapping.yaml",
    "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n",
    "nested more than 64 levels",
)
outline(
    "python-tag.yaml",
    sub("title: Bad Input Workshop", "title: !!python/object/apply:os.system [echo hacked]"),
    "the YAML tag '!!python/object/apply:os.system' is not allowed",
    1,
)
# ---- duplicate keys and ids
outline(
    "duplicate-key.yaml",
    sub(
        "    notes: Hand-holding calms the brain [@coan2006].\n",
        "    notes: Hand-holding calms the brain [@coan2006].\n        notes: A second note.\n",
    ),
    "duplicate key 'notes' (first at line 20) — keep one",
    21,
    9,
)
outline(
    "duplicate-top-key.yaml",
    BASE + "title: Again\n",
    "duplicate key 'title' (first at line 1)",
    len(BASE.splitlines()) + 1,
)
outline(
    "duplicate-id.yaml",
    sub("id: s-close", "id: s-wired"),
    "duplicate id 's-wired' (first at line 17)",
    line_of(BASE, "id: s-close"),
)
outline(
    "duplicate-section-id.yaml",
    sub("  - id: practice", "  - id: intro"),
    "duplicate id 'intro'",
    line_of(BASE, "  - id: practice"),
)
# ---- unknown keys
outline(
    "unknown-key.yaml",
    sub("        notes: Hand", "        note: Hand"),
    "unknown key 'note' — did you mean 'notes'?",
    20,
    9,
)
outline(
    "unknown-top-key.yaml",
    sub("duration: 30", "duration: 30\nsubtitel: A subtitle"),
    "unknown key 'subtitel' — did you mean 'subtitle'?",
    4,
    1,
)
outline(
    "unknown-key-no-match.yaml",
    sub("duration: 30", "duration: 30\nzzz: 1"),
    "unknown key 'zzz' — allowed here:",
    4,
)
# ---- missing and wrong types
outline(
    "missing-title.yaml",
    sub("title: Bad Input Workshop\n", ""),
    "missing 'title': add a title: line",
    1,
    1,
)
outline(
    "missing-sections.yaml",
    BASE.split("sections:")[0] + "handout:" + BASE.split("handout:")[1],
    "missing 'sections'",
    1,
)
outline(
    "missing-exercise-steps.yaml",
    sub("          steps: [Pair up., Share a moment of safety.]\n", ""),
    "missing 'steps'",
    line_of(BASE, "- id: ex-pairs"),
)
outline(
    "points-mapping.yaml",
    sub(
        "        points:\n          - We calm together\n          - Isolation is a threat\n",
        "        points:\n          calm: We calm together\n",
    ),
    "points: expected a list of text, got a mapping",
    line_of(BASE, "points:"),
    9,
)
outline(
    "title-list.yaml",
    sub("title: Introduction", "title: [Introduction]"),
    "expected text, got a list",
    line_of(BASE, "title: Introduction"),
)
outline(
    "duration-text.yaml",
    sub("duration: 30", "duration: thirty"),
    "expected a whole number, got 'thirty'",
    3,
    1,
)
outline(
    "minutes-negative.yaml",
    sub("minutes: 20", "minutes: -5"),
    "must be at least 0",
    line_of(BASE, "minutes: 20"),
)
outline(
    "minutes-too-many.yaml",
    sub("minutes: 20", "minutes: 6000"),
    "must be at most 600",
    line_of(BASE, "minutes: 20"),
)
outline(
    "bool-word.yaml",
    sub("{id: k1,", "{id: k1, facilitator_only: maybe,"),
    "expected true or false, got 'maybe'",
    line_of(BASE, "{id: k1,"),
)
outline(
    "empty-text.yaml",
    sub("main_message: We heal in connection.", "main_message:"),
    "is empty: write some text here",
    line_of(BASE, "main_message:"),
)
outline(
    "empty-points.yaml",
    sub(
        "        points:\n          - We calm together\n          - Isolation is a threat\n",
        "        points: []\n",
    ),
    "needs at least 1 item",
    line_of(BASE, "points:"),
)
outline(
    "points-item-list.yaml",
    sub("          - We calm together\n", "          - [We, calm]\n"),
    "points[0]: expected text, got a list",
    line_of(BASE, "We calm together"),
)
outline(
    "bad-kind.yaml",
    sub("kind: bullets", "kind: bulets"),
    "unknown slide kind 'bulets' (did you mean 'bullets'?)",
    line_of(BASE, "kind: bullets"),
    9,
)
outline(
    "missing-kind.yaml",
    sub("        kind: bullets\n", ""),
    "missing 'kind': add a kind: line",
    line_of(BASE, "- id: s-wired"),
)
outline(
    "bad-level.yaml",
    sub("duration: 30", "duration: 30\nlevel: beginner"),
    "must be one of: introductory, intermediate, advanced — got 'beginner'",
    4,
)
outline(
    "bad-format.yaml",
    sub("format: pairs", "format: pair"),
    "(did you mean 'pairs'?)",
    line_of(BASE, "format: pairs"),
)
outline(
    "bad-id.yaml",
    sub("  - id: intro", "  - id: Intro Part"),
    "'Intro Part' is not a valid id: use lowercase letters, digits and hyphens, no spaces, "
    "e.g. 'intro-part'",
    line_of(BASE, "- id: intro"),
    5,
)
outline(
    "reflection-lines.yaml",
    sub("handout:\n", "handout:\n  reflection:\n    - {prompt: What helps?, lines: 40}\n"),
    "must be at most 12",
    line_of(BASE, "handout:") + 2,
)
outline(
    "doi-url.yaml",
    sub(
        "title: Lending a hand",
        "title: Lending a hand\n    doi: https://doi.org/10.1111/j.1467-9280.2006.01832.x",
    ),
    "write the DOI without its https://doi.org/ prefix",
    line_of(BASE, "title: Lending a hand") + 1,
)
outline(
    "many-problems.yaml",
    sub("duration: 30", "duration: thirty\nlevel: beginner")
    .replace("minutes: 20", "minutes: lots")
    .replace("        note", "        nots"),
    "got 'beginner'",
    4,
)
COUNTS = {"outlines/many-problems.yaml": 4}
# ---- cross-checks
outline(
    "exercise-missing.yaml",
    sub("exercise: ex-pairs}", "exercise: ex-pair}"),
    "there is no exercise 'ex-pair'",
    line_of(BASE, "exercise: ex-pairs}"),
)
outline(
    "citation-missing.yaml",
    sub("[@coan2006]", "[@coan2060]"),
    "cites [@coan2060] but no reference has key 'coan2060'",
    line_of(BASE, "[@coan2006]"),
)
outline(
    "bullets-no-title.yaml",
    sub("        title: Wired for Connection\n", ""),
    "a bullets slide needs a title",
    line_of(BASE, "- id: s-wired"),
)
outline(
    "timing.yaml",
    sub("minutes: 20", "minutes: 25"),
    "the sections add up to 35 minutes but duration is 30",
    3,
)
IMG = "      - {id: s-img, kind: image, title: A Picture, %s}\n"


def with_image(fields):
    return sub(
        "      - {id: s-close, kind: closing}\n",
        "      - {id: s-close, kind: closing}\n" + IMG % fields,
    )


img_line = line_of(BASE, "kind: closing") + 1
outline(
    "image-no-alt.yaml", with_image("image: assets/ok.png"), "an image needs alt text", img_line
)
outline(
    "image-alt-filename.yaml",
    with_image("image: assets/ok.png, alt: ok.png"),
    "alt text 'ok.png' looks like a file name",
    img_line,
)
outline(
    "image-missing.yaml",
    with_image("image: assets/nowhere.png, alt: Two people talking"),
    "image file 'assets/nowhere.png' not found",
    img_line,
)
outline(
    "image-corrupt.yaml",
    with_image("image: assets/corrupt.png, alt: Two people talking"),
    "damaged",
    img_line,
)
outline(
    "image-not-image.yaml",
    with_image("image: assets/not-an-image.png, alt: Two people talking"),
    "not an image",
    img_line,
)
outline(
    "image-outside.yaml",
    with_image("image: ../../secret.png, alt: Two people talking"),
    "is outside the outline's folder; images must live in the outline's folder or assets/ — "
    "copy it there",
    img_line,
)
outline(
    "image-absolute.yaml",
    with_image("image: /etc/passwd, alt: Two people talking"),
    "'/etc/passwd' is an absolute path",
    img_line,
)
outline(
    "image-home.yaml",
    with_image("image: ~/.ssh/id_rsa, alt: Two people talking"),
    "is an absolute path or a link",
    img_line,
)
outline(
    "image-url.yaml",
    with_image("image: https://example.com/a.png, alt: Two people talking"),
    "is an absolute path or a link",
    img_line,
)

# images used by the cases


def png(w=2, h=2):
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


(OUT / "outlines" / "assets" / "ok.png").write_bytes(png())
good = png()
(OUT / "outlines" / "assets" / "corrupt.png").write_bytes(good[:40] + b"\x00garbage" * 4)
(OUT / "outlines" / "assets" / "not-an-image.png").write_text("I am text, not a picture.\n")

# ---- practice profiles
practice(
    "no-crisis-line.yaml",
    PRACTICE.replace("locale: US", "locale: FR"),
    "there is no crisis line for locale 'FR'",
    line_of(PRACTICE, "locale:"),
)
practice(
    "bad-colour.yaml",
    PRACTICE.replace('"#2F5D62"', "teal"),
    "'teal' is not a colour",
    line_of(PRACTICE, "primary:"),
)
practice(
    "unknown-key.yaml",
    PRACTICE.replace("practitioner:", "practitioner:\n  nmae: X", 1).replace(
        "  name: Dana Rivers\n", "  name: Dana Rivers\n"
    ),
    "unknown key 'nmae' — did you mean 'name'?",
    2,
)
practice(
    "misspelt-top.yaml",
    PRACTICE.replace("paper: letter", "papr: letter"),
    "unknown key 'papr' — did you mean 'paper'?",
    line_of(PRACTICE, "paper:"),
)
practice(
    "missing-name.yaml",
    PRACTICE.replace("  name: Dana Rivers\n", ""),
    "missing 'name': add a name: line",
    1,
)
practice(
    "paper-legal.yaml",
    PRACTICE.replace("paper: letter", "paper: legal"),
    "must be one of: letter, a4 — got 'legal'",
    line_of(PRACTICE, "paper:"),
)
practice(
    "logo-missing.yaml",
    PRACTICE + "logo: logo.png\nlogo_alt: Rivers Therapy logo\n",
    "the logo 'logo.png' was not found",
    len(PRACTICE.splitlines()) + 1,
)
practice(
    "logo-outside.yaml",
    PRACTICE + "logo: ../outlines/assets/ok.png\nlogo_alt: Rivers Therapy logo\n",
    "outside the practice profile's folder",
    len(PRACTICE.splitlines()) + 1,
)
practice(
    "signature-outside.yaml",
    PRACTICE + "signature: ../outlines/assets/ok.png\n",
    "the signature image '../outlines/assets/ok.png' is outside the practice profile's folder",
    len(PRACTICE.splitlines()) + 1,
)
practice(
    "sponsor-without-name.yaml",
    PRACTICE + "sponsor:\n  approval_statement: Approved.\n",
    "sponsor",
    len(PRACTICE.splitlines()) + 1,
)
practice(
    "logo-absolute.yaml",
    PRACTICE + "logo: /etc/hostname\nlogo_alt: Rivers Therapy logo\n",
    "is an absolute path",
    len(PRACTICE.splitlines()) + 1,
)
practice("empty.yaml", "", "the file is empty", 1)
practice("tabs.yaml", PRACTICE.replace("  name: Dana", "\tname: Dana"), "spaces, not tabs", 2)
practice(
    "duplicate-key.yaml",
    PRACTICE + "locale: CA\n",
    "duplicate key 'locale'",
    len(PRACTICE.splitlines()) + 1,
)

# ---- overlays (customize.py reads them; the CLI reports them)
(OUT / "overlays").mkdir(exist_ok=True)
(OUT / "overlays" / "extends-self.yaml").write_text(
    "# An overlay that extends itself: must be refused, not loop forever.\n"
    "extends: extends-self.yaml\naudience:\n  name: loop\n  title: Loops forever\n"
)
cases.append(("overlays/extends-self.yaml", "makes a cycle", 2, 1))

# ---- sidecar

doc = []
for file, expect, line, col in cases:
    entry = {"file": file, "expect": expect}
    if line is not None:
        entry["line"] = line
    if col is not None:
        entry["column"] = col
    if file in COUNTS:
        entry["problems"] = COUNTS[file]
    doc.append(entry)
header = (
    "# The bad-input corpus: each file must fail with exit code 2 and a located message.\n"
    "# expect: a fragment of the message; line/column: where it must point (1-based).\n"
    "# Files that must not be committed (a 10 MB file, symlinks) are made in the tests.\n"
)
(OUT / "cases.yaml").write_text(
    header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=200)
)
(OUT / "outlines" / "README.md").write_text(
    "Bad outlines for tests/test_bad_corpus.py; see ../cases.yaml.\n"
)
print(len(cases), "cases")
