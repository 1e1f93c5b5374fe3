"""Text measurement, wrapping and fitting with the bundled Carlito metrics."""

from __future__ import annotations

import pytest

from generator.outputs.deck.textfit import (
    Box,
    Para,
    Run,
    bullet_paras,
    fits,
    height,
    line_ratio,
    text_width,
    wrap,
)
from generator.plan import Bullet
from generator.source.fonts import bundled

CARLITO = bundled("Carlito")
FONTS = (CARLITO, CARLITO)


def test_carlito_line_height_is_ascent_descent_and_gap() -> None:
    # hhea: 1536 + 512 + 452 over 2048 units per em.
    assert line_ratio(str(CARLITO.regular)) == pytest.approx(2500 / 2048)


def test_width_scales_with_size_and_bold_is_wider() -> None:
    narrow = text_width("Connection", CARLITO.regular, 20)
    assert text_width("Connection", CARLITO.regular, 40) == pytest.approx(2 * narrow)
    assert text_width("Connection", CARLITO.bold, 20) > narrow


def test_wrap_breaks_between_words_and_keeps_every_word() -> None:
    text = "We are wired for connection and we heal in connection with others"
    lines = wrap(Para((Run(text),), 28), 200, FONTS)
    assert len(lines) > 1
    assert " ".join(lines) == text
    for line in lines:
        assert text_width(line, CARLITO.regular, 28) <= 200


def test_wrap_breaks_a_word_longer_than_the_line() -> None:
    lines = wrap(Para((Run("x" * 80),), 24), 100, FONTS)
    assert "".join(lines) == "x" * 80
    assert len(lines) > 1


def test_hanging_bullet_narrows_every_line() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    plain = wrap(Para((Run(text),), 24), 300, FONTS)
    hung = wrap(Para((Run(text),), 24, "\u2022", mar_l=60, indent=-60), 300, FONTS)
    assert len(hung) >= len(plain)


def test_height_counts_lines_and_spacing() -> None:
    para = Para((Run("Short"),), 20, space_before=10)
    assert height([para, para], 500, FONTS) == pytest.approx(2 * (10 + 20 * 2500 / 2048))


def test_fits_respects_box_and_insets() -> None:
    para = [Para((Run("word " * 40),), 28)]
    assert not fits(para, Box(0, 0, 2 * 914400, 914400), FONTS)
    assert fits(para, Box(0, 0, 12 * 914400, 4 * 914400), FONTS)


def test_sub_bullets_stay_in_their_parents_block() -> None:
    blocks = bullet_paras([Bullet("Parent", ("child a", "child b")), Bullet("Next")], 28)
    assert [len(b) for b in blocks] == [3, 1]
    assert blocks[0][1].size < blocks[0][0].size
    assert min(p.size for b in blocks for p in b) >= 18
