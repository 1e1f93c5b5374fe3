"""The outputs a workshop is rendered into: one row per output, read by everything else.

The CLI's ``--only`` choices, the build, ``workshop check``'s leak and safety checks and
``workshop preview`` all read :data:`OUTPUTS`; none of them names an output itself. Adding an
output is three things: its module (with a ``render(inputs: RenderInputs) -> bytes``
function), one row below, and its tests. The table is Sphinx's builder registry or pandoc's
writers list at the weight this project needs: this module imports no rendering library, and a
row's module is imported only when that output is rendered, so ``workshop --help`` and
``workshop validate`` never pay for python-pptx or reportlab.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.outputs.deck.textfit import DeckMetrics
    from generator.plan import Plan
    from generator.source.roster import Attendee


def _reportlab_reads_no_user_settings() -> None:
    """Keep reportlab from reading settings outside the project when it is first imported.

    On import reportlab executes ``reportlab_mods`` (or ``~/.reportlab_mods``) and
    ``reportlab_settings`` (or ``~/.reportlab_settings``) if it finds them, and takes any
    ``RL_*`` variable as a setting: a file in the user's home folder could change the PDFs'
    bytes, or stop every build. Empty modules stand in for the two files (reportlab then finds
    nothing to apply) and the variables are dropped. Every PDF renderer lives in this package,
    so this runs before any of them imports reportlab.
    """
    if "reportlab" in sys.modules:
        return
    for name in ("reportlab_mods", "reportlab_settings"):
        sys.modules.setdefault(name, types.ModuleType(name))
    for key in [k for k in os.environ if k.startswith("RL_")]:
        del os.environ[key]


_reportlab_reads_no_user_settings()

Reader = Literal["client", "participant", "facilitator"]
"""Who reads an output: a client (plain language, never any facilitator material), a training
participant (sees slides, never speaker notes or case material), or the facilitator alone."""


@dataclass(frozen=True)
class Output:
    """One output: what it is called, where it goes, who reads it and what renders it."""

    name: str
    """Its name on the command line (``--only deck,handout``)."""
    file_name: str
    """Its file name, with ``{stem}`` standing for the workshop title made file-safe."""
    label: str
    """What a message calls it: "the {label} (page 2)"."""
    module: str
    """The module whose ``render(inputs)`` returns its bytes; imported only to render it."""
    reader: Reader
    """Who reads it: decides which passages ``workshop check`` must not find in it."""
    needs_slides: bool = False
    """It shows slide numbers, so the plan must be paginated with the deck's metrics."""
    default: bool = True
    """A bare ``workshop build`` makes it; otherwise only when named in ``--only``."""
    preview: str | None = None
    """The stem of its PNGs in ``workshop preview`` (``slide`` → ``slide-01.png``); ``None``:
    not previewed."""

    @property
    def suffix(self) -> str:
        """Return the file extension with its dot (``.pdf``), which says how to read it back."""
        return "." + self.file_name.rsplit(".", 1)[-1]

    @property
    def unit(self) -> str:
        """Return what one of its pages is called in a message: "slide" or "page"."""
        return "slide" if self.suffix == ".pptx" else "page"

    @property
    def client_facing(self) -> bool:
        """Return True when a client reads it: every page must carry the safety information."""
        return self.reader == "client"


OUTPUTS: tuple[Output, ...] = (
    # The deck comes first: a first build renders it in a forked child while this process
    # renders the rest (see generator.build.render_tasks).
    Output(
        name="deck",
        file_name="{stem} - Slides.pptx",
        label="slide deck",
        module="generator.outputs.deck.render",
        reader="participant",
        needs_slides=True,
        preview="slide",
    ),
    Output(
        name="handout",
        file_name="{stem} - Client Handout.pdf",
        label="client handout",
        module="generator.outputs.handout.render",
        reader="client",
        preview="handout-page",
    ),
    Output(
        name="guide",
        file_name="{stem} - Facilitator Guide.pdf",
        label="facilitator guide",
        module="generator.outputs.guide.render",
        reader="facilitator",
        needs_slides=True,
    ),
    # The training pack (docs/training-pack.md): made when named in --only, or with --pack.
    Output(
        name="evaluation",
        file_name="{stem} - Evaluation.pdf",
        label="evaluation form",
        module="generator.outputs.evaluation.render",
        reader="participant",
        default=False,
    ),
    Output(
        name="signin",
        file_name="{stem} - Sign-in Sheet.pdf",
        label="sign-in sheet",
        module="generator.outputs.signin.render",
        reader="participant",
        default=False,
    ),
    Output(
        name="flyer",
        file_name="{stem} - Announcement.pdf",
        label="announcement",
        module="generator.outputs.flyer.render",
        reader="participant",
        default=False,
    ),
    Output(
        name="slide-handout",
        file_name="{stem} - Slide Handout.pdf",
        label="slide handout",
        module="generator.outputs.slide_handout.render",
        reader="participant",
        needs_slides=True,
        default=False,
    ),
)
"""Every output, in the order they are rendered and listed."""


@dataclass(frozen=True)
class RenderInputs:
    """What a renderer receives: the finished plan and what it may need beyond it."""

    plan: Plan
    metrics: DeckMetrics | None
    """The deck's measurements the plan was paginated with (``None`` when no output built in
    this run needs slide numbers)."""
    file_names: Mapping[str, str]
    """Every output's file name by output name, built or not (the guide names the others)."""
    roster: tuple[Attendee, ...] | None = None
    """The participants the sign-in sheet lists (``--roster``); ``None``: blank rows."""
    blank_rows: int = 20
    """How many blank rows the sign-in sheet has without a roster (``--blank-rows``)."""


def output(name: str) -> Output:
    """Return the row named ``name``; raise ``KeyError`` for a name no row has."""
    for row in OUTPUTS:
        if row.name == name:
            return row
    raise KeyError(name)


def names() -> tuple[str, ...]:
    """Return every output's name, in table order."""
    return tuple(row.name for row in OUTPUTS)


def pack_names() -> tuple[str, ...]:
    """Return the names of the outputs a bare build leaves out (``--pack`` adds them all)."""
    return tuple(row.name for row in OUTPUTS if not row.default)


def default_names() -> tuple[str, ...]:
    """Return the names of the outputs a bare ``workshop build`` makes, in table order."""
    return tuple(row.name for row in OUTPUTS if row.default)


def selected(only: Iterable[str]) -> list[Output]:
    """Return the rows named in ``only``, in table order (unknown names are left out)."""
    wanted = set(only)
    return [row for row in OUTPUTS if row.name in wanted]


def file_names(stem: str) -> dict[str, str]:
    """Return every output's file name for a workshop whose file-safe title is ``stem``."""
    return {row.name: row.file_name.format(stem=stem) for row in OUTPUTS}


def render(name: str, inputs: RenderInputs) -> bytes:
    """Return the bytes of the output named ``name``, importing its module now."""
    module = importlib.import_module(output(name).module)
    return module.render(inputs)
