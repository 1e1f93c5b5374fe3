"""The outline format: what a workshop outline may contain, as models (:mod:`.typed`).

This module is the single source of truth for the format. The JSON Schema that editors use
(``workshop schema``) is exported from these classes, and the docstring of every field becomes
the hover text an editor shows, so write them for a therapist, not for a programmer.

Conventions that hold everywhere:

* every element an audience might target carries a stable ``id`` (lowercase, digits, hyphens);
* ``tags`` group elements so an audience can include or exclude many at once (``tag:NAME``);
* ``optional: true`` marks what may be dropped, last first, when an audience is shorter;
* ``extra: true`` marks what is left out unless an audience includes it;
* ``facilitator_only: true`` keeps an element out of everything participants or clients see;
* ``[@key]`` inside any text cites the reference with that key.
"""

import datetime
import re
from typing import Annotated, Literal

from generator.source.slide_kinds import KINDS
from generator.source.typed import ConfigDict, Field, Model, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"
"""A BCP 47 language tag as outlines use them (en-US, fr-CA, zh-Hant-TW); files store it."""
CITATION = re.compile(r"\[@([A-Za-z0-9_-]+)\]")

NOT_TEXT = frozenset(
    {
        "id",
        "tags",
        "kind",
        "exercise",
        "image",
        "format",
        "activity",
        "level",
        "language",
        "keywords",
        "web",
        "phone",
        "participants",
    }
)
"""Fields that hold names, file paths or choices rather than prose: an audience never
substitutes words in them, and the glyph check skips them (ids, paths and fixed choices)."""

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="A stable id: lowercase letters, digits and hyphens, unique in the outline.",
    ),
]
Text = Annotated[str, Field(min_length=1)]


def _plain_variables(values: dict[str, str]) -> dict[str, str]:
    """Return ``values`` when no value holds a ``{{name}}`` of its own; raise ValueError."""
    for name, value in values.items():
        if "{{" in value or "}}" in value:
            raise ValueError(
                f"the value of '{name}' contains '{{{{' or '}}}}': a variable's value is used as "
                "written, never filled in again — write the text itself"
            )
    return values


def _plain_terms(terms: dict[str, str]) -> dict[str, str]:
    """Return ``terms`` when every word to replace has a letter or digit; raise ValueError."""
    for word in terms:
        if not any(ch.isalnum() for ch in word):
            raise ValueError(
                f"the term {word!r} has no letters: write the word to replace before the "
                "colon, e.g. 'clients: couples'"
            )
    return terms


Minutes = Annotated[int, Field(ge=0, le=600)]


class Strict(Model):
    """Base for every model: unknown keys are errors, never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Element(Strict):
    """Fields shared by everything an audience can include, exclude, override or drop."""

    id: Id | None = Field(
        default=None,
        description="Stable id so an audience or overlay can target this element.",
    )
    tags: list[Id] = Field(
        default_factory=list,
        description="Labels an audience can include or exclude with 'tag:NAME'.",
    )
    optional: bool = Field(
        default=False,
        description="May be dropped (last first) when an audience's duration is shorter.",
    )
    extra: bool = Field(
        default=False,
        description="Left out unless an audience includes it by id or tag.",
    )
    facilitator_only: bool = Field(
        default=False,
        description="Never shown to participants or clients: only the guide and speaker notes.",
    )


# --------------------------------------------------------------------------- metadata


class SourceArticle(Strict):
    """The article the workshop was derived from.

    Either name the article here (``title`` and ``author``), or give ``reference``: the key of
    its entry in ``references``, so it is typed once, listed in the guide's references and
    credited on the handout from that entry.
    """

    reference: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] | None = Field(
        default=None,
        description="Key of the article's entry in references; its title, authors, year and "
        "address are taken from there.",
    )
    title: str | None = Field(default=None, description="The article's title.")
    author: str | None = Field(default=None, description="Who wrote it, as it should be credited.")
    url: str | None = Field(default=None, description="Where the article can be read.")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Year published.")

    @model_validator(mode="after")
    def _named(self) -> "SourceArticle":
        if not self.reference and not (self.title and self.author):
            raise ValueError(
                "give the article's title and author, or 'reference: KEY' naming its entry "
                "in references"
            )
        return self


class Reference(Strict):
    """A published source, formatted in APA 7 style wherever it is listed."""

    key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")] = Field(
        description="Short key used to cite it in text as [@key], e.g. eisenberger2003.",
    )
    type: Literal["article", "book", "chapter", "web"] = Field(
        default="article", description="What kind of source this is."
    )
    authors: list[Text] = Field(
        min_length=1,
        description="Authors as 'Family, G. N.' in the order published; a group author "
        "(an agency, an organisation) by its full name, without a comma.",
    )
    year: Annotated[int, Field(ge=1800, le=2100)] | Literal["n.d."] | None = Field(
        default=None,
        description="Year of publication, or n.d. when the work gives no date; may be left "
        "out when 'date' gives it.",
    )
    date: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Full date as YYYY-MM-DD, for web pages and news (printed '2024, March 8').",
    )
    title: Text = Field(description="Title of the article, chapter, book or page (sentence case).")
    site: str | None = Field(
        default=None,
        description="Name of the website (web pages); left out of the entry when it is the author.",
    )
    journal: str | None = Field(default=None, description="Journal name (articles).")
    volume: str | None = Field(default=None, description="Journal volume.")
    issue: str | None = Field(default=None, description="Journal issue number.")
    pages: str | None = Field(default=None, description="Page range or article number.")
    publisher: str | None = Field(default=None, description="Publisher (books).")
    doi: str | None = Field(default=None, description="DOI without the https://doi.org/ prefix.")
    url: str | None = Field(default=None, description="Link when there is no DOI.")
    note: str | None = Field(
        default=None,
        description="A caveat for facilitators (e.g. a published correction); shown in the guide.",
    )

    @field_validator("doi")
    @classmethod
    def _bare_doi(cls, value: str | None) -> str | None:
        if value and value.lower().startswith(("http://", "https://")):
            raise ValueError("write the DOI without its https://doi.org/ prefix")
        return value

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"'{value}' is not a date on the calendar: write it as YYYY-MM-DD"
                ) from None
        return value

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: object) -> object:
        # One plain message instead of one per member of the union (number | n.d.).
        if value is None or value == "n.d.":
            return value
        if isinstance(value, str) and value.strip().lower() in ("nd", "n.d", "no date", "n. d."):
            return "n.d."
        if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
            raise ValueError(
                f"write the year as a number such as 2019, or n.d. when the work has no "
                f"date — got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _dated(self) -> "Reference":
        if self.year is None and self.date is None:
            raise ValueError(
                "give 'year' (a number, or n.d. when the work has no date) or a full 'date'"
            )
        if self.date:
            year = int(self.date[:4])
            if isinstance(self.year, int) and self.year != year:
                raise ValueError(
                    f"the year {self.year} and the date {self.date} disagree: give one of them"
                )
        return self

    @property
    def year_text(self) -> str:
        """Return the year as APA prints it: ``2024``, or ``n.d.`` for an undated work."""
        if self.date:
            return self.date[:4]
        return str(self.year)


class Material(Element):
    """A line of materials and preparation that an audience can include or exclude."""

    text: Text = Field(description="What to bring or prepare.")


class Objective(Element):
    """A learning objective: observable and measurable, starting with an action verb."""

    text: Text = Field(description="E.g. 'Describe two findings that link ...'.")


# --------------------------------------------------------------------------- slides


class Point(Element):
    """A bullet point with at most one level of sub-points."""

    text: Text = Field(description="The bullet's text.")
    sub: list[Text] = Field(default_factory=list, description="Sub-points, one level only.")


PointItem = Annotated[
    Text | Point, Field(description="A bullet: plain text, or text with sub-points.")
]


class SlideBase(Element):
    """Fields every slide has."""

    title: str | None = Field(
        default=None,
        description="Slide title; must be unique in the deck. Optional only where generated.",
    )
    notes: str | None = Field(
        default=None, description="Speaker notes, read in presenter view and printed in the guide."
    )
    minutes: Minutes | None = Field(
        default=None, description="Minutes this slide takes, when it matters for timing."
    )


class TitleSlide(SlideBase):
    """The opening slide: title, subtitle, presenter and date."""

    kind: Literal["title"]
    subtitle: str | None = Field(default=None, description="Defaults to the outline's subtitle.")


class AgendaSlide(SlideBase):
    """Agenda generated from the sections and their minutes."""

    kind: Literal["agenda"]


class SectionSlide(SlideBase):
    """A section divider; its title defaults to the section's title."""

    kind: Literal["section"]
    subtitle: str | None = Field(default=None, description="A line under the section title.")


class BulletsSlide(SlideBase):
    """A slide of bullet points (one sub-level)."""

    kind: Literal["bullets"]
    points: list[PointItem] = Field(min_length=1, description="The bullets, in order.")


class QuoteSlide(SlideBase):
    """A large pull-quote with attribution."""

    kind: Literal["quote"]
    quote: Text = Field(description="The quoted words, without quotation marks.")
    attribution: str | None = Field(default=None, description="Who said or wrote it.")


class StatementSlide(SlideBase):
    """A key message shown large: not a quotation, so no quotation marks and no attribution."""

    kind: Literal["statement"]
    text: Text = Field(description="The message, one or two short sentences.")


class BreakSlide(SlideBase):
    """A break: the slide says when to be back, computed from the run of show.

    Put it in a section with ``activity: break``; the return time is that section's end
    ("Back at 19:35" with a start time, "Back in 10 minutes" without).
    """

    kind: Literal["break"]
    message: str | None = Field(
        default=None, description="A line under the time, e.g. 'Stretch, get some water'."
    )


class TableSlide(SlideBase):
    """A table (or checklist) with a header row; long tables continue on further slides."""

    kind: Literal["table"]
    columns: list[Text] = Field(
        min_length=1, max_length=5, description="The header row: one label per column (1-5)."
    )
    rows: list[list[Text]] = Field(
        min_length=1, description="The rows, each with one cell per column."
    )

    @model_validator(mode="after")
    def _square(self) -> "TableSlide":
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {i} has {len(row)} cells but there are {len(self.columns)} columns: "
                    "give every row one cell per column"
                )
        return self


class ImageSlide(SlideBase):
    """A picture with a caption and alt text."""

    kind: Literal["image"]
    image: Text = Field(description="Image file, relative to the outline's folder or assets/.")
    alt: str | None = Field(
        default=None,
        description="What the image means, for screen readers. Required unless decorative.",
    )
    decorative: bool = Field(default=False, description="True if the image carries no meaning.")
    caption: str | None = Field(default=None, description="A line shown under the image.")


class Column(Strict):
    """One column of a two-column slide."""

    heading: str | None = Field(default=None, description="The column's heading.")
    points: list[PointItem] = Field(min_length=1, description="The column's bullets.")


class TwoColumnSlide(SlideBase):
    """Two columns side by side, e.g. to compare."""

    kind: Literal["two-column"]
    left: Column = Field(description="Left column.")
    right: Column = Field(description="Right column.")


class DiscussionSlide(SlideBase):
    """A discussion prompt for the group, with its minutes."""

    kind: Literal["discussion"]
    question: Text = Field(description="The question put to the group.")
    prompts: list[Text] = Field(default_factory=list, description="Follow-up prompts on screen.")


class ExerciseSlide(SlideBase):
    """An exercise slide; steps and timing come from the section's exercise with that id."""

    kind: Literal["exercise"]
    exercise: Id = Field(description="Id of an exercise in this section's facilitator content.")


class ReferencesSlide(SlideBase):
    """The reference list, generated in APA 7 style from the outline's references."""

    kind: Literal["references"]


class ClosingSlide(SlideBase):
    """The last slide: a closing line and the practitioner's contact details."""

    kind: Literal["closing"]
    message: str | None = Field(default=None, description="A closing line shown large.")


Slide = Annotated[
    TitleSlide
    | AgendaSlide
    | SectionSlide
    | BulletsSlide
    | QuoteSlide
    | StatementSlide
    | BreakSlide
    | TableSlide
    | ImageSlide
    | TwoColumnSlide
    | DiscussionSlide
    | ExerciseSlide
    | ReferencesSlide
    | ClosingSlide,
    Field(discriminator="kind"),
]
SLIDE_KINDS = tuple(KINDS)
"""Every slide kind, in order (the table of what each needs: :mod:`.slide_kinds`)."""


# --------------------------------------------------------------------------- facilitator


class DiscussionQuestion(Element):
    """A question for the consultation group, with what to listen for."""

    question: Text = Field(description="The question.")
    listen_for: list[Text] = Field(
        default_factory=list, description="Likely responses, or what to listen for."
    )
    if_quiet: str | None = Field(
        default=None, description="What to ask if the expected responses don't come."
    )


class Exercise(Element):
    """An experiential exercise."""

    id: Id = Field(description="Stable id; exercise slides refer to it.")
    title: Text = Field(description="Short name of the exercise.")
    format: Literal["solo", "pairs", "triads", "small groups", "whole group", "demonstration"] = (
        Field(description="How participants are grouped.")
    )
    minutes: Minutes = Field(description="Minutes the exercise takes, debrief included.")
    purpose: str | None = Field(default=None, description="Why we do it, in one sentence.")
    steps: list[Text] = Field(min_length=1, description="What participants do, in order.")
    debrief: list[Text] = Field(default_factory=list, description="Debrief questions.")
    virtual: str | None = Field(
        default=None, description="How to run it online (breakout rooms, chat)."
    )


class CaseConsultation(Element):
    """Case-consultation material: group-only, never in a client handout."""

    structure: list[Text] = Field(
        min_length=1, description="How a case is presented, step by step."
    )
    ground_rules: list[Text] = Field(min_length=1, description="The group's ground rules.")
    questions: list[Text] = Field(
        default_factory=list, description="Questions that focus the group on the case."
    )


class Facilitator(Strict):
    """What the facilitator needs to run a section; appears in the guide only."""

    goal: str | None = Field(default=None, description="What this section is for.")
    talking_points: list[Text] = Field(default_factory=list, description="Points to make.")
    discussion: list[DiscussionQuestion] = Field(
        default_factory=list, description="Questions for the group."
    )
    exercises: list[Exercise] = Field(default_factory=list, description="Exercises.")
    tips: list[Text] = Field(default_factory=list, description="Facilitation tips.")
    case_consultation: CaseConsultation | None = Field(
        default=None, description="Structure and ground rules for case consultation."
    )
    transition: str | None = Field(default=None, description="How to move to the next section.")


ActivityType = Literal["teach", "discuss", "exercise", "case consultation", "break"]


class Section(Element):
    """A timed part of the workshop, with its slides and facilitator content."""

    id: Id = Field(description="Stable id of the section.")
    title: Text = Field(description="The section's title, as shown on the agenda.")
    minutes: Minutes = Field(description="Minutes the section takes in the full session.")
    activity: ActivityType = Field(default="teach", description="Activity type in the run of show.")
    slides: list[Slide] = Field(default_factory=list, description="The section's slides.")
    facilitator: Facilitator = Field(
        default_factory=Facilitator, description="Guide-only content for this section."
    )


# --------------------------------------------------------------------------- handout


class KeyIdea(Element):
    """One plain-language idea for clients: a few sentences, a bulleted list, or both."""

    heading: Text = Field(description="A short heading, e.g. 'We are wired to connect'.")
    text: str | None = Field(
        default=None, description="Two or three short sentences in plain language."
    )
    points: list[Text] = Field(
        default_factory=list,
        description="A bulleted list under the text, e.g. warning signs, one per item.",
    )

    @model_validator(mode="after")
    def _said(self) -> "KeyIdea":
        if not self.text and not self.points:
            raise ValueError("give the idea's 'text', its 'points', or both")
        return self


class TryThis(Element):
    """A 'try this' practice in numbered steps."""

    title: Text = Field(description="Name of the practice.")
    intro: str | None = Field(default=None, description="One sentence on why to try it.")
    steps: list[Text] = Field(min_length=1, description="The steps, in order.")


class GetHelp(Element):
    """A 'when to get help' box: signs to watch for and what to do.

    The box always ends with the crisis line of the practice profile's locale, and is kept on
    one page with it.
    """

    heading: Text = Field(default="When to get help", description="The box's heading.")
    intro: str | None = Field(default=None, description="One sentence before the signs.")
    signs: list[Text] = Field(
        min_length=1, max_length=10, description="Signs to watch for, one per item (1-10)."
    )
    what_to_do: list[Text] = Field(
        default_factory=list,
        max_length=5,
        description="What to do when you notice them, in order (up to 5).",
    )


class Resource(Element):
    """A place to find help: a local referral, a helpline, a website."""

    name: Text = Field(description="Its name, e.g. 'County crisis team'.")
    description: str | None = Field(default=None, description="What it offers, in a few words.")
    phone: str | None = Field(default=None, description="Phone number as it should be dialled.")
    web: str | None = Field(default=None, description="Web address, e.g. https://988lifeline.org.")
    qr: bool = Field(default=False, description="Print a QR code of the web address.")

    @model_validator(mode="after")
    def _reachable(self) -> "Resource":
        if not self.phone and not self.web:
            raise ValueError("give the resource's 'phone', its 'web' address, or both")
        if self.qr and not self.web:
            raise ValueError("a QR code needs the 'web' address it links to")
        return self


class HandoutImage(Element):
    """A picture on the handout, with alt text for screen readers."""

    image: Text = Field(description="Image file, relative to the outline's folder or assets/.")
    alt: str | None = Field(
        default=None,
        description="What the image means, for screen readers. Required unless decorative.",
    )
    decorative: bool = Field(default=False, description="True if the image carries no meaning.")
    caption: str | None = Field(default=None, description="A line printed under the image.")
    width: float = Field(
        default=0.5, gt=0.1, le=1.0, description="Width as a share of the text column (0.1-1)."
    )


class Tracker(Element):
    """A simple tracker table: one row per habit, one check box per day (or other column)."""

    title: Text = Field(description="The tracker's heading, e.g. 'My week'.")
    intro: str | None = Field(default=None, description="One sentence on how to use it.")
    rows: list[Text] = Field(min_length=1, max_length=8, description="What to track, one per row.")
    columns: list[Text] = Field(
        default_factory=lambda: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        min_length=1,
        max_length=8,
        description="Column labels; the days of the week unless given.",
    )


class Reflection(Element):
    """A reflection prompt with space to write."""

    prompt: Text = Field(description="The question the client reflects on.")
    lines: int = Field(default=4, ge=1, le=12, description="Ruled lines to leave for writing.")


class Handout(Strict):
    """Client-facing content: plain language, grade 8 or lower."""

    title: str | None = Field(default=None, description="Defaults to the outline's title.")
    main_message: Text = Field(description="The one thing to remember, first on the page.")
    key_ideas: list[KeyIdea] = Field(min_length=1, description="What you need to know.")
    image: HandoutImage | None = Field(
        default=None, description="A picture after the key ideas, with alt text."
    )
    try_this: TryThis | list[TryThis] = Field(
        description="A concrete practice in steps, or a list of practices."
    )
    tracker: Tracker | None = Field(
        default=None, description="A tracker table with a check box per cell."
    )
    reflection: list[Reflection] = Field(default_factory=list, description="Reflection prompts.")
    get_help: GetHelp | None = Field(
        default=None, description="When to get help: signs and what to do, with the crisis line."
    )
    resources: list[Resource] = Field(
        default_factory=list, description="Where to find help: local referrals, helplines."
    )
    closing: str | None = Field(default=None, description="A short closing thought.")

    @property
    def practices(self) -> list[TryThis]:
        """Return the try-this practices as a list, whether one or several were written."""
        return self.try_this if isinstance(self.try_this, list) else [self.try_this]


# --------------------------------------------------------------------------- audiences


Selector = Annotated[
    str,
    Field(
        pattern=r"^(tag:)?[a-z0-9][a-z0-9-]*$",
        description="An element id, or 'tag:NAME' for every element with that tag.",
    ),
]


class HandoutOptions(Strict):
    """How the handout is printed for an audience."""

    paper: Literal["letter", "a4"] | None = Field(default=None, description="Paper size.")
    large_print: bool | None = Field(default=None, description="18 pt large print.")
    form: bool | None = Field(default=None, description="Fillable form fields.")
    given_by: Literal["practitioner", "participants"] | None = Field(
        default=None,
        description="Who hands the handout to clients: 'practitioner' (you, to your own "
        "clients: your contact details on every page) or 'participants' (the therapists "
        "attending give it to their clients: a 'Your therapist' block to fill in, and you "
        "are credited only as the author). Default: 'practitioner' when the participants "
        "are clients, else 'participants'.",
    )


SessionFormat = Literal["in person", "live online"]


class Audience(Strict):
    """An audience profile: how the one outline is customized for one group."""

    name: Id = Field(description="Short name used on the command line, e.g. intro-60.")
    title: Text = Field(description="Who this is for, e.g. 'Introduction for new clinicians'.")
    description: str | None = Field(default=None, description="A sentence about the group.")
    duration: Minutes | None = Field(default=None, description="Session length in minutes.")
    level: Literal["introductory", "intermediate", "advanced"] | None = Field(
        default=None, description="Level for this audience."
    )
    start: str | None = Field(
        default=None,
        pattern=r"^([01]?\d|2[0-3]):[0-5]\d$",
        description="Start time, 24-hour HH:MM.",
    )
    date: str | None = Field(default=None, description="Date of the session, as it should read.")
    clients: Literal["individuals", "couples"] = Field(
        default="individuals",
        description="Whom the handout is for. 'couples' adds the partner-violence caveat and "
        "the domestic violence line to the handout, and a reminder to assess each partner "
        "alone to the guide.",
    )
    objectives: list[Objective] = Field(
        default_factory=list,
        description="This audience's own learning objectives, replacing the outline's; the "
        "guide's evaluation page follows them.",
    )
    format: SessionFormat | None = Field(
        default=None,
        description="How this session meets, printed on the sign-in sheet and announcement; "
        "overrides the practice profile's format.",
    )
    include: list[Selector] = Field(
        default_factory=list, description="Extra elements to include (ids or tag:NAME)."
    )
    exclude: list[Selector] = Field(
        default_factory=list, description="Elements to leave out (ids or tag:NAME)."
    )
    variables: dict[str, str] = Field(
        default_factory=dict, description="Values for {{name}} placeholders in any text."
    )
    terms: dict[str, str] = Field(
        default_factory=dict, description="Word substitutions, e.g. {clients: couples}."
    )
    terms_in: list[Selector] = Field(
        default_factory=list,
        description="Limit the terms to these elements (ids or tag:NAME), e.g. so that the "
        "article's individual clients are not turned into couples. Default: everywhere.",
    )

    @field_validator("variables")
    @classmethod
    def variables_are_plain(cls, value: dict[str, str]) -> dict[str, str]:
        """Return the variables; a value holding ``{{…}}`` is refused."""
        return _plain_variables(value)

    @field_validator("terms")
    @classmethod
    def terms_have_words(cls, value: dict[str, str]) -> dict[str, str]:
        """Return the terms; an empty word to replace is refused."""
        return _plain_terms(value)

    handout: HandoutOptions = Field(default_factory=HandoutOptions, description="Handout options.")
    participants: Literal["clinicians", "clients"] = Field(
        default="clinicians",
        description="Who attends: clinicians (a consultation group or training) or clients "
        "(a psychoeducation group); the guide speaks to the facilitator of that group, the "
        "evaluation asks what a client can answer and the sign-in sheet asks for no licence.",
    )
    overrides: dict[Id, dict[str, object]] = Field(
        default_factory=dict,
        description="Field overrides by element id, e.g. {wired: {minutes: 10}}.",
    )


# --------------------------------------------------------------------------- outline


class Outline(Strict):
    """A workshop outline derived from one article."""

    title: Text = Field(description="The workshop's title.")
    subtitle: str | None = Field(default=None, description="A subtitle.")
    source: SourceArticle = Field(description="The article the workshop is derived from.")
    level: Literal["introductory", "intermediate", "advanced"] = Field(
        default="introductory", description="Level of the default session."
    )
    duration: Minutes = Field(description="Length of the default session in minutes.")
    language: str = Field(
        default="en-US", pattern=LANGUAGE_PATTERN, description="Language tag, e.g. en-US or en-CA."
    )
    keywords: list[Text] = Field(default_factory=list, description="Keywords for the files.")
    objectives: list[Objective] = Field(min_length=1, description="Learning objectives.")
    materials: list[Text | Material] = Field(
        default_factory=list,
        description="Materials and preparation beyond the generated ones (deck, handouts, "
        "timer, breakout rooms, a case to consult on); give an id or tags so audiences can "
        "leave one out.",
    )
    references: list[Reference] = Field(default_factory=list, description="Sources cited.")
    sections: list[Section] = Field(min_length=1, description="The timed sections, in order.")
    handout: Handout = Field(description="Client handout content.")
    audiences: list[Audience] = Field(default_factory=list, description="Audience profiles.")
    variables: dict[str, str] = Field(
        default_factory=dict,
        description="Default values for {{name}} placeholders; an audience's variables win.",
    )

    @field_validator("variables")
    @classmethod
    def variables_are_plain(cls, value: dict[str, str]) -> dict[str, str]:
        """Return the variables; a value holding ``{{…}}`` is refused."""
        return _plain_variables(value)

    default_audience: Id | None = Field(
        default=None,
        description="The audience used when you build without --audience.",
    )

    @model_validator(mode="after")
    def _source_from_reference(self) -> "Outline":
        """Fill the source's title, author, year and address from its reference entry.

        Fields written in ``source`` win. An unknown key is left for the cross-checks
        (:func:`generator.source.validate.check_outline`), which say where it was typed.
        """
        src = self.source
        ref = next((r for r in self.references if r.key == src.reference), None)
        if ref is None:
            return self
        year = int(ref.year_text) if ref.year_text.isdigit() else None
        url = f"https://doi.org/{ref.doi}" if ref.doi else ref.url
        self.source = src.model_copy(
            update={
                "title": src.title or ref.title,
                "author": src.author or credit_names(ref.authors),
                "year": src.year or year,
                "url": src.url or url,
            }
        )
        return self


def credit_names(authors: list[str]) -> str:
    """Return authors as a credit line names them: 'S. M. Johnson and L. Beckes'.

    An author written 'Family, G. N.' is turned round; a group author is kept as written.
    """
    names = []
    for author in authors:
        family, _, given = author.partition(",")
        names.append(f"{given.strip()} {family.strip()}" if given.strip() else family.strip())
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


class Overlay(Strict):
    """An overlay file: extends a base outline and patches it for one audience."""

    extends: Text = Field(description="The outline this one extends, relative to this file.")
    audience: Audience = Field(description="The audience profile this overlay defines.")
    patches: list["Patch"] = Field(default_factory=list, description="Changes to the base, by id.")


class Patch(Strict):
    """One change to the base outline: exactly one of replace, remove, before, after, set."""

    replace: Id | None = Field(default=None, description="Id of the element to replace.")
    remove: Id | None = Field(default=None, description="Id of the element to remove.")
    before: Id | None = Field(default=None, description="Insert the items before this id.")
    after: Id | None = Field(default=None, description="Insert the items after this id.")
    set: Id | None = Field(default=None, description="Id whose fields 'with' changes.")
    with_: dict[str, object] | None = Field(
        default=None, alias="with", description="The new element (replace) or fields (set)."
    )
    items: list[dict[str, object]] = Field(
        default_factory=list, description="Elements to insert (before/after)."
    )


# --------------------------------------------------------------------------- practice


class Practitioner(Strict):
    """Who presents and who clients may contact."""

    name: Text = Field(description="Full name as it should appear.")
    credentials: str | None = Field(default=None, description="E.g. 'LMFT, ICEEFT Certified'.")
    pronouns: str | None = Field(default=None, description="Optional pronouns.")
    bio: str | None = Field(default=None, description="One or two sentences for the guide.")


class Contact(Strict):
    """The practice's contact details."""

    practice: str | None = Field(default=None, description="Practice name.")
    email: str | None = Field(default=None, description="Email address.")
    phone: str | None = Field(default=None, description="Phone number.")
    website: str | None = Field(default=None, description="Website, e.g. https://example.com.")


class Colors(Strict):
    """Theme colours as #RRGGBB."""

    primary: str = Field(default="#2F5D62", pattern=r"^#[0-9A-Fa-f]{6}$")
    accent: str = Field(default="#A7C4BC", pattern=r"^#[0-9A-Fa-f]{6}$")
    text: str = Field(default="#1F2A2E", pattern=r"^#[0-9A-Fa-f]{6}$")
    background: str = Field(default="#FBFAF7", pattern=r"^#[0-9A-Fa-f]{6}$")


class Fonts(Strict):
    """Font families; the deck names them, the PDFs embed them."""

    heading: str = Field(default="Calibri", description="Heading font family.")
    body: str = Field(default="Calibri", description="Body font family.")
    files: "FontFiles | None" = Field(
        default=None,
        description="TrueType files for a family other than Calibri or Arial (bundled as "
        "their metric twins Carlito and Liberation Sans), "
        "relative to the profile; used to measure slide text and embedded in the PDFs.",
    )


class FontFiles(Strict):
    """TrueType files of one font family."""

    regular: Text = Field(description="Regular .ttf file.")
    bold: Text = Field(description="Bold .ttf file.")
    italic: str | None = Field(default=None, description="Italic .ttf file.")
    bold_italic: str | None = Field(default=None, description="Bold italic .ttf file.")


class CrisisLine(Strict):
    """The crisis line, and the domestic violence line, for one locale."""

    text: str | None = Field(
        default=None,
        description="E.g. 'In the US, call or text 988 ...'. Default: the built-in line for "
        "US and CA.",
    )
    domestic_violence: str | None = Field(
        default=None,
        description="The domestic violence line, given on couples handouts, e.g. 'National "
        "Domestic Violence Hotline: call 1-800-799-7233 or text START to 88788'. Default: the "
        "built-in line for US.",
    )


class Provider(Strict):
    """Who offers the training, as certificates and announcements name it."""

    name: Text = Field(
        description="The organisation or practice that offers the program, e.g. 'Rivers "
        "Therapy Training'. Without it, contact.practice (or your own name) is used."
    )
    address: str | None = Field(
        default=None, description="Postal address or city, if your board asks for it."
    )
    website: str | None = Field(default=None, description="Website of the provider.")


class Sponsor(Strict):
    """An approved continuing-education sponsor (APA, ASWB ACE, NBCC, a state board).

    Continuing-education wording appears only when a sponsor is named *and* its approval
    statement is given: the statement is the sponsor's own text, printed word for word; the
    tool never writes one.
    """

    name: Text = Field(description="The sponsor's name, e.g. the organisation approved by APA.")
    approval_statement: str | None = Field(
        default=None,
        description="The approval statement exactly as the sponsor issued it (copy and paste; "
        "it is printed verbatim). Without it, certificates are of attendance only.",
    )
    approval_number: str | None = Field(
        default=None, description="The sponsor's or program's approval number, if it has one."
    )


class Policies(Strict):
    """What an announcement tells participants before they sign up; each line as it should read."""

    cost: str | None = Field(
        default=None, description="What the session costs, e.g. 'US$95; US$60 for students'."
    )
    refund: str | None = Field(
        default=None,
        description="Refund and cancellation policy, e.g. 'Full refund up to 7 days before.'",
    )
    accommodation: str | None = Field(
        default=None,
        description="How to ask for an accommodation (ADA), e.g. 'Email hello@… two weeks ahead.'",
    )
    grievance: str | None = Field(
        default=None, description="Whom to contact with a concern or complaint, and how."
    )


class Practice(Strict):
    """The practice profile: one per practitioner, shared by all outlines."""

    practitioner: Practitioner
    contact: Contact = Field(default_factory=Contact)
    logo: str | None = Field(default=None, description="Logo image, relative to this file.")
    logo_alt: str | None = Field(default=None, description="Alt text for the logo.")
    colors: Colors = Field(default_factory=Colors)
    fonts: Fonts = Field(default_factory=Fonts)
    paper: Literal["letter", "a4"] = Field(default="letter")
    locale: str = Field(default="US", description="Country code: US, CA, or one in crisis_lines.")
    crisis_lines: dict[str, CrisisLine] = Field(
        default_factory=dict, description="Crisis lines by country code, added to the built-ins."
    )
    disclaimer: str | None = Field(default=None, description="Overrides the default disclaimer.")
    conflict_of_interest: str | None = Field(default=None, description="COI statement.")
    ce_sponsor: str | None = Field(
        default=None, description="Approved CE sponsor; without it the guide offers attendance."
    )
    provider: Provider | None = Field(
        default=None,
        description="Who offers the training (certificates, announcements). Defaults to "
        "contact.practice.",
    )
    sponsor: Sponsor | None = Field(
        default=None,
        description="An approved continuing-education sponsor and its verbatim approval "
        "statement; leave it out unless the program is approved.",
    )
    signature: str | None = Field(
        default=None,
        description="An image of your signature (PNG or JPEG, ideally on a transparent or "
        "white background), relative to this file; printed on certificates.",
    )
    format: SessionFormat | None = Field(
        default=None,
        description="How your sessions usually meet: 'in person' or 'live online'; an "
        "audience's format wins.",
    )
    policies: Policies = Field(
        default_factory=Policies,
        description="Cost, refund and cancellation, accommodation and grievance contacts, "
        "printed on the announcement (--only flyer).",
    )
