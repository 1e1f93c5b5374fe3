"""The reading-level check works offline and gives the Flesch–Kincaid grade."""

from __future__ import annotations

import socket
import sys

import pytest

from generator.check import readability
from generator.source.model import Handout


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a connection fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the readability check tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_grade_offline_matches_the_formula(no_network: None) -> None:
    # 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8*1 - 15.59 = -1.45
    assert readability.grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.01)


def test_grade_offline_uses_the_cmu_dictionary(no_network: None) -> None:
    # Counted by hand: re-la-tion-ships 4, shape how we heal 4, con-nec-tion 3, calms the 2,
    # bo-dy 2 = 15 syllables in 9 words and 2 sentences.
    import textstat

    text = "Relationships shape how we heal. Connection calms the body."
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text)
    syllables = textstat.syllable_count(text)
    assert (words, sentences, syllables) == (9, 2, 15)
    expected = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    assert readability.grade(text) == pytest.approx(expected, abs=0.01)


def test_textstat_version_never_downloads() -> None:
    # 0.7.9 and later call nltk.download() at run time; this tool pins 0.7.8.
    from importlib.metadata import version

    assert version("textstat") == "0.7.8"
    import textstat  # noqa: F401

    assert "nltk" not in sys.modules


def test_harder_text_grades_higher() -> None:
    easy = "We heal with others. Call a friend. Say how you feel."
    hard = (
        "Interpersonal neurobiological regulation substantially attenuates physiological "
        "reactivity to anticipated threat, particularly within securely attached relationships."
    )
    assert readability.grade(hard) > 12 > 4 > readability.grade(easy)


def test_empty_text_grades_zero() -> None:
    assert readability.grade("  ") == 0.0


def test_passages_end_as_sentences() -> None:
    handout = Handout.model_validate(
        {
            "main_message": "We heal in connection",
            "key_ideas": [{"heading": "Wired to connect", "text": "Your body calms."}],
            "try_this": {"title": "Reach out", "steps": ["Pick one person", "Send a note"]},
            "reflection": [{"prompt": "When do you feel safe?"}],
            "closing": "You are not alone",
        }
    )
    passages = readability.handout_passages(handout)
    assert [p.label for p in passages] == [
        "main message",
        "key idea 'Wired to connect'",
        "try-this 'Reach out'",
        "reflection 1",
        "closing",
    ]
    assert readability.joined(passages) == (
        "We heal in connection. Wired to connect. Your body calms. Reach out. Pick one person. "
        "Send a note. When do you feel safe? You are not alone."
    )
