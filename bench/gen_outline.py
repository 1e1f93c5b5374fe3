"""Generate a valid workshop outline of exactly N planned slides, for the benchmark.

The outline looks like a real one, scaled up: an opening (title, agenda), N-4 content slides
spread over sections of about ten slides (each with a section divider, bullets, quotes,
two-column comparisons, discussions and an exercise, plus facilitator content for the guide),
then references and a closing slide. Bullets stay within six short lines, so the deck's fitter
never needs a continuation slide and the plan has exactly N slides.

Usage: ``python bench/gen_outline.py 500 > /tmp/big.yaml``
"""

from __future__ import annotations

import math
import sys
from typing import Any

import yaml

MIN_SLIDES = 5
SLIDES_PER_SECTION = 10
SESSION_BUDGET = 600  # the model caps a session at 600 minutes
FIXED_MINUTES = 10  # opening 5 + closing 5

REFERENCES = [
    {
        "key": "eisenberger2003",
        "authors": ["Eisenberger, N. I.", "Lieberman, M. D.", "Williams, K. D."],
        "year": 2003,
        "title": "Does rejection hurt? An fMRI study of social exclusion",
        "journal": "Science",
        "volume": "302",
        "issue": "5643",
        "pages": "290–292",
        "doi": "10.1126/science.1089134",
    },
    {
        "key": "beckes2011",
        "authors": ["Beckes, L.", "Coan, J. A."],
        "year": 2011,
        "title": "Social baseline theory: The role of social proximity in emotion and "
        "economy of action",
        "journal": "Social and Personality Psychology Compass",
        "volume": "5",
        "issue": "12",
        "pages": "976–988",
        "doi": "10.1111/j.1751-9004.2011.00400.x",
    },
    {
        "key": "johnson2019",
        "type": "book",
        "authors": ["Johnson, S. M."],
        "year": 2019,
        "title": "Attachment theory in practice: Emotionally focused therapy (EFT) with "
        "individuals, couples, and families",
        "publisher": "Guilford Press",
    },
]


def _content_slide(section: int, index: int, exercise_id: str) -> dict[str, Any]:
    """Return content slide ``index`` of ``section``, cycling through the slide kinds."""
    sid = f"s{section}-{index}"
    tag = f"Part {section}.{index}"
    kind = index % 6
    if kind == 0:
        return {
            "id": sid,
            "kind": "exercise",
            "exercise": exercise_id,
            "title": f"Practice {tag}",
            "notes": "Set a timer and keep the pairs moving.",
        }
    if kind == 1:
        return {
            "id": sid,
            "kind": "bullets",
            "title": f"Wired for Connection {tag}",
            "notes": "Rejection and physical pain share brain regions [@eisenberger2003]. "
            "Keep this brief and invite the group's own examples.",
            "points": [
                "Co-regulation means calming together",
                {"text": "Isolation registers as threat", "sub": ["Rejection and pain overlap"]},
                "Proximity lowers the cost of regulating [@beckes2011]",
                {"text": "A facilitator-only aside", "facilitator_only": True},
            ],
        }
    if kind == 2:
        return {
            "id": sid,
            "kind": "quote",
            "title": f"In Their Words {tag}",
            "quote": "We heal in connection, not in isolation.",
            "attribution": "The article",
            "notes": "Pause and let the quote land.",
        }
    if kind == 3:
        return {
            "id": sid,
            "kind": "two-column",
            "title": f"Guarded and Open {tag}",
            "notes": "Compare the two stances and ask which feels familiar.",
            "left": {"heading": "Guarded", "points": ["Bracing", "Withdrawing", "Alone"]},
            "right": {"heading": "Open", "points": ["Reaching", "Responding", "Together"]},
        }
    if kind == 4:
        return {
            "id": sid,
            "kind": "discussion",
            "title": f"Your Turn {tag}",
            "question": "Where do you see this in your own sessions?",
            "prompts": ["A moment of reaching", "A moment of bracing"],
            "notes": "Invite two or three people to share.",
        }
    return {
        "id": sid,
        "kind": "bullets",
        "title": f"What Therapists Notice {tag}",
        "notes": "Link each point to the attachment frame [@johnson2019].",
        "points": ["Softening in the voice", "Slower breathing", "Eye contact returns"],
    }


def _section(number: int, slides: int, minutes: int) -> dict[str, Any]:
    """Return content section ``number`` with a divider and ``slides - 1`` content slides."""
    exercise_id = f"ex-{number}"
    return {
        "id": f"part-{number}",
        "title": f"Connection in Practice, Part {number}",
        "minutes": minutes,
        "activity": "teach",
        "slides": [{"id": f"div-{number}", "kind": "section"}]
        + [_content_slide(number, i, exercise_id) for i in range(1, slides)],
        "facilitator": {
            "goal": "Link the research to what happens in the therapy room.",
            "talking_points": [
                "Connection is biology, not a luxury.",
                "Safety comes before change.",
            ],
            "discussion": [
                {
                    "id": f"q-{number}",
                    "question": "What do you notice when a client feels safe?",
                    "listen_for": ["Softening", "Curiosity"],
                    "if_quiet": "Ask about a recent session that went well.",
                }
            ],
            "exercises": [
                {
                    "id": exercise_id,
                    "title": f"Noticing Safety {number}",
                    "format": "pairs",
                    "minutes": min(5, minutes),
                    "steps": ["Pair up.", "Share a moment of safety.", "Switch roles."],
                    "debrief": ["What did you notice in your body?"],
                    "virtual": "Use breakout rooms of two.",
                }
            ],
            "tips": ["Keep the pace gentle."],
            "transition": "Next we look at what this means for practice.",
        },
    }


def generate(slides: int) -> dict[str, Any]:
    """Return an outline (as plain data, ready for YAML) that plans to exactly ``slides`` slides.

    Raises ValueError when ``slides`` is below :data:`MIN_SLIDES` or too many to time within the
    600-minute cap on a session.
    """
    if slides < MIN_SLIDES:
        raise ValueError(f"need at least {MIN_SLIDES} slides, got {slides}")
    content = slides - 4
    count = math.ceil(content / SLIDES_PER_SECTION)
    per_section = (SESSION_BUDGET - FIXED_MINUTES) // count
    if per_section < 1:
        raise ValueError(f"{slides} slides cannot be timed within {SESSION_BUDGET} minutes")
    minutes = min(10, per_section)
    sizes = [content // count + (1 if i < content % count else 0) for i in range(count)]
    sections = [
        {
            "id": "opening",
            "title": "Welcome",
            "minutes": 5,
            "slides": [
                {"id": "title", "kind": "title"},
                {"id": "agenda", "kind": "agenda", "notes": "Walk through the agenda."},
            ],
        },
        *(_section(i, size, minutes) for i, size in enumerate(sizes, start=1)),
        {
            "id": "close",
            "title": "Closing",
            "minutes": 5,
            "slides": [
                {"id": "refs", "kind": "references", "notes": "Mention the key studies."},
                {
                    "id": "closing",
                    "kind": "closing",
                    "message": "You don't have to heal alone.",
                    "notes": "Thank everyone.",
                },
            ],
        },
    ]
    return {
        "title": f"Benchmark Workshop of {slides} Slides",
        "subtitle": "Generated for timing the build",
        "source": {
            "title": "The Science of Connection",
            "author": "Benchmark",
            "url": "https://example.com/article",
        },
        "level": "introductory",
        "duration": FIXED_MINUTES + minutes * count,
        "keywords": ["attachment", "benchmark"],
        "objectives": [
            {"id": "obj-describe", "text": "Describe two findings that link connection to stress."},
            {"id": "obj-identify", "text": "Identify one way to invite co-regulation in session."},
        ],
        "references": REFERENCES,
        "sections": sections,
        "handout": {
            "main_message": "We heal in connection.",
            "key_ideas": [
                {
                    "heading": "We are wired to connect",
                    "text": "Your body calms when someone "
                    "you trust is near. That is how people are made.",
                },
                {
                    "heading": "Being alone can feel like danger",
                    "text": "Feeling left out can hurt in a real way. It is not a weakness.",
                },
            ],
            "try_this": {
                "title": "Reach out once",
                "steps": ["Pick one person.", "Send a short message.", "Notice how you feel."],
            },
            "reflection": [{"prompt": "When do you feel most safe with someone?"}],
            "closing": "You don't have to do it alone.",
        },
    }


def dump(slides: int) -> str:
    """Return the generated outline of ``slides`` slides as YAML text."""
    return yaml.safe_dump(generate(slides), sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    """Write the outline for the slide count in ``argv`` to stdout; return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].isdigit():
        print("usage: python bench/gen_outline.py N  (N slides, at least 5)", file=sys.stderr)
        return 2
    sys.stdout.write(dump(int(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
