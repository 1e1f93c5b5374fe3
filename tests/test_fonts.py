"""Fonts: the bundled metric twins (Calibri, Arial), the profile's own files, and a template's
theme fonts used on its slides when they can be measured."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import BuildOptions, Job, render_job
from generator.cli import cli
from generator.errors import OutlineError
from generator.source.fonts import BUNDLED_DIR, font_files, is_bundled, measurable
from generator.source.model import Practice

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "outlines" / "science-of-connection.yaml"
PRACTICE = ROOT / "assets" / "practice.yaml"
LO_TEMPLATE = ROOT / "tests" / "fixtures" / "templates" / "libreoffice-4x3.pptx"


def _practice(**fonts: object) -> Practice:
    return Practice.model_validate({"practitioner": {"name": "Test Therapist"}, "fonts": fonts})


# --------------------------------------------------------------------------- bundled twins


@pytest.mark.parametrize(
    ("typed", "family"),
    [("Calibri", "Carlito"), ("carlito", "Carlito"), ("Arial", "LiberationSans"),
     (" ARIAL ", "LiberationSans"), ("Liberation Sans", "LiberationSans")],
)  # fmt: skip
def test_calibri_and_arial_need_no_files(typed: str, family: str) -> None:
    files = font_files(typed, _practice(), Path("."))
    assert is_bundled(typed)
    assert files.family == family
    faces = (files.regular, files.bold, files.italic, files.bold_italic)
    assert all(p.is_file() and p.parent == BUNDLED_DIR for p in faces)
    assert len(set(faces)) == 4  # four real faces, no fallbacks


def test_every_bundled_font_has_its_licence_beside_it() -> None:
    licences = {p.name for p in BUNDLED_DIR.glob("OFL-*.txt")}
    assert licences == {"OFL-Carlito.txt", "OFL-Liberation.txt"}
    for name in licences:
        assert "SIL OPEN FONT LICENSE Version 1.1" in (BUNDLED_DIR / name).read_text()


def test_another_family_without_files_is_a_plain_error_naming_both_twins() -> None:
    with pytest.raises(OutlineError, match="use Calibri or Arial, which are bundled"):
        font_files("Garamond", _practice(body="Garamond"), Path("."))


def test_measurable_needs_a_twin_or_the_profiles_own_files(tmp_path: Path) -> None:
    for face in ("regular", "bold"):
        shutil.copy(BUNDLED_DIR / "Carlito-Regular.ttf", tmp_path / f"brand-{face}.ttf")
    files = {"regular": "brand-regular.ttf", "bold": "brand-bold.ttf"}
    own = _practice(heading="Brand Sans", files=files)
    assert measurable("Arial", own, tmp_path).family == "LiberationSans"
    assert measurable("brand sans", own, tmp_path).regular == tmp_path / "brand-regular.ttf"
    # Files are for the family the profile names, not for any family a template names.
    assert measurable("Aptos", own, tmp_path) is None
    assert measurable("Aptos", _practice(), tmp_path) is None


def test_a_profile_in_arial_embeds_liberation_sans_in_both_pdfs(tmp_path: Path) -> None:
    profile = tmp_path / "practice.yaml"
    text = PRACTICE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  (heading|body): Calibri$", r"  \1: Arial", text)
    assert text.count(": Arial") == 2
    profile.write_text(text, encoding="utf-8")
    options = BuildOptions(out=tmp_path, practice=profile, only=("handout", "guide"))
    rendered = render_job(Job(CANONICAL, None, tmp_path), options, split=False)
    for data in rendered.files.values():
        names = set()
        for page in PdfReader(io.BytesIO(data)).pages:
            for font in page["/Resources"]["/Font"].values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        assert names and all(n.startswith("LiberationSans") for n in names), names


# --------------------------------------------------------------------------- template fonts


def _template_with_fonts(tmp_path: Path, heading: str, body: str) -> Path:
    """Return a copy of the LibreOffice template whose theme names these Latin fonts."""
    out = tmp_path / "brand.pptx"
    with zipfile.ZipFile(LO_TEMPLATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                xml = data.decode("utf-8")
                for which, name in (("majorFont", heading), ("minorFont", body)):
                    xml = re.sub(
                        rf'(<a:{which}>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{name}"', xml
                    )
                data = xml.encode("utf-8")
            dst.writestr(info, data)
    return out


def _deck_typefaces(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = [n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        xml = "".join(z.read(n).decode("utf-8") for n in slides)
    return set(re.findall(r'<a:latin typeface="([^"]*)"', xml))


def _deck(tmp_path: Path, template: Path) -> tuple[bytes, list[str]]:
    options = BuildOptions(out=tmp_path, practice=PRACTICE, template=template, only=("deck",))
    rendered = render_job(Job(CANONICAL, None, tmp_path), options, split=False)
    return next(iter(rendered.files.values())), rendered.warnings


def test_a_template_in_arial_sets_its_slides_in_arial(tmp_path: Path) -> None:
    data, warnings = _deck(tmp_path, LO_TEMPLATE)
    assert _deck_typefaces(data) == {"Arial"}
    assert not [w for w in warnings if "is not bundled" in w]


def test_a_template_font_that_cannot_be_measured_is_named_with_the_fix(tmp_path: Path) -> None:
    data, warnings = _deck(tmp_path, _template_with_fonts(tmp_path, "Aptos Display", "Arial"))
    # Headings keep the template's Aptos Display, measured with a wider stand-in; the body
    # keeps the template's Arial.
    assert _deck_typefaces(data) == {"Aptos Display", "Arial"}
    font_warnings = [w for w in warnings if "is not bundled" in w]
    assert len(font_warnings) == 1
    assert font_warnings[0].endswith(
        "brand.pptx: its font 'Aptos Display' is not bundled, so slide titles in Aptos Display "
        "are measured as if 20% wider than Liberation Sans: text may come out smaller, or on "
        "more slides, than it needs to. To measure Aptos Display exactly, name it as "
        "fonts.heading in the practice profile and add its .ttf files under fonts.files."
    )


def test_a_character_the_template_font_lacks_is_located_before_rendering(
    tmp_path: Path,
) -> None:
    # U+2460 (circled one) is in Carlito, the profile's font, but not in Liberation Sans.
    outline = tmp_path / "talk.yaml"
    text = CANONICAL.read_text(encoding="utf-8")
    marker = "notes: Let the line land. Pause before moving on."
    outline.write_text(text.replace(marker, marker[:-1] + " \u2460."), encoding="utf-8")
    shutil.copytree(ROOT / "outlines" / "science-of-connection", tmp_path / "talk")
    (tmp_path / "assets").mkdir()
    shutil.copy(ROOT / "assets" / "co-regulation-cycle.png", tmp_path / "assets")
    args = ["build", str(outline), "--practice", str(PRACTICE), "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0  # Carlito has it
    result = CliRunner().invoke(cli, [*args, "--template", str(LO_TEMPLATE)])
    assert result.exit_code == 2, result.output
    assert "U+2460" in result.output and "LiberationSans" in result.output
    line = text[: text.index(marker)].count("\n") + 1
    assert f"talk.yaml:{line}:" in result.output
    assert "Traceback" not in result.output


def test_a_family_whose_files_change_is_registered_again(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics

    from generator.outputs.pdfbase import register_family
    from generator.source.fonts import FontFiles, bundled

    def as_brand(twin: FontFiles) -> FontFiles:
        return FontFiles("Brand Test", twin.regular, twin.bold, twin.italic, twin.bold_italic)

    register_family(bundled("Carlito"))
    register_family(as_brand(bundled("Carlito")))
    assert pdfmetrics.getFont("Brand Test").face.filename == str(bundled("Carlito").regular)
    register_family(as_brand(bundled("Liberation Sans")))  # fonts.files edited while watching
    for face in ("Brand Test", "Brand Test-Bold"):
        assert pdfmetrics.getFont(face).face.filename.startswith(str(BUNDLED_DIR / "Liberation"))
    # The bundled families themselves are untouched.
    assert pdfmetrics.getFont("Carlito").face.filename == str(bundled("Carlito").regular)
