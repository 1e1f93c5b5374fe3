"""APA 7 formatting of references and in-text citations."""

from generator.plan.references import (
    apa_runs,
    apa_text,
    cited_keys,
    in_text,
    resolve_citations,
    sort_references,
)
from generator.source.model import Reference

EISENBERGER = Reference(
    key="eisenberger2003",
    authors=["Eisenberger, N. I.", "Lieberman, M. D.", "Williams, K. D."],
    year=2003,
    title="Does rejection hurt? An fMRI study of social exclusion",
    journal="Science",
    volume="302",
    issue="5643",
    pages="290–292",
    doi="10.1126/science.1089134",
)
BECKES = Reference(
    key="beckes2011",
    authors=["Beckes, L.", "Coan, J. A."],
    year=2011,
    title="Social baseline theory: The role of social proximity in emotion and economy of action",
    journal="Social and Personality Psychology Compass",
    volume="5",
    issue="12",
    pages="976–988",
    doi="10.1111/j.1751-9004.2011.00400.x",
)
JOHNSON_BOOK = Reference(
    key="johnson2008",
    type="book",
    authors=["Johnson, S."],
    year=2008,
    title="Hold me tight: Seven conversations for a lifetime of love",
    publisher="Little, Brown",
)


def test_article_matches_apa7_entry_from_references_md() -> None:
    assert apa_text(EISENBERGER) == (
        "Eisenberger, N. I., Lieberman, M. D., & Williams, K. D. (2003). Does rejection hurt? "
        "An fMRI study of social exclusion. Science, 302(5643), 290–292. "
        "https://doi.org/10.1126/science.1089134"
    )


def test_journal_and_volume_are_italic_issue_is_not() -> None:
    italic = [text for text, is_italic in apa_runs(BECKES) if is_italic]
    assert "".join(italic) == "Social and Personality Psychology Compass, 5"
    assert ("(12)", False) in apa_runs(BECKES)


def test_book_title_is_italic_and_publisher_follows() -> None:
    runs = apa_runs(JOHNSON_BOOK)
    assert ("Hold me tight: Seven conversations for a lifetime of love.", True) in runs
    assert apa_text(JOHNSON_BOOK).endswith("Little, Brown.")


def test_in_text_citations_follow_apa_author_rules() -> None:
    assert in_text(JOHNSON_BOOK) == "Johnson, 2008"
    assert in_text(BECKES) == "Beckes & Coan, 2011"
    assert in_text(EISENBERGER) == "Eisenberger et al., 2003"


def test_adjacent_citations_merge_into_one_parenthesis() -> None:
    refs = {r.key: r for r in (EISENBERGER, BECKES)}
    text = "Rejection hurts [@eisenberger2003] [@beckes2011]."
    assert resolve_citations(text, refs) == (
        "Rejection hurts (Eisenberger et al., 2003; Beckes & Coan, 2011)."
    )
    assert cited_keys(text) == ["eisenberger2003", "beckes2011"]


def test_unknown_citation_is_left_visible() -> None:
    assert resolve_citations("See [@nobody1999].", {}) == "See ([@nobody1999])."


def test_sorted_by_first_author() -> None:
    ordered = sort_references([JOHNSON_BOOK, EISENBERGER, BECKES])
    assert [r.key for r in ordered] == ["beckes2011", "eisenberger2003", "johnson2008"]
