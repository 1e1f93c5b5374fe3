"""What every client-facing page must carry: a crisis line, a disclaimer and how to reach you.

Pure text from the practice profile, no renderer library: the handout, the facilitator guide
and the ``check`` command all ask here, so they can never disagree about what a client reads.

The wording follows safe-messaging practice (SAMHSA 988 key messages): it says help is
available and how to reach it, in a calm, hopeful tone, and never mentions methods.
"""

from __future__ import annotations

from generator.errors import OutlineError
from generator.source.model import Practice

BUILTIN_CRISIS_LINES: dict[str, str] = {
    # 988 Suicide & Crisis Lifeline, live since July 2022 (call, text or chat).
    "US": (
        "If you are struggling or thinking about suicide, help is available any time: "
        "call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911."
    ),
    # 9-8-8 Suicide Crisis Helpline, live in Canada since November 2023.
    "CA": (
        "If you are struggling or thinking about suicide, help is available any time: "
        "call or text 9-8-8 (Suicide Crisis Helpline). In an emergency, call 911."
    ),
}
"""Crisis lines for the locales the tool knows; a profile's ``crisis_lines`` adds or overrides."""

BUILTIN_DV_LINES: dict[str, str] = {
    # National Domestic Violence Hotline (US): phone, and text START to 88788.
    "US": (
        "Call the National Domestic Violence Hotline at 1-800-799-7233, or text START to "
        "88788. It is free and private, any time."
    ),
}
"""Domestic violence lines, kept beside the crisis lines: couples handouts give the locale's."""

SHORT_DISCLAIMER = "This is for learning. It is not therapy or emergency care."
"""The one-line disclaimer on every handout page; the full one is printed once."""

PARTNER_VIOLENCE = (
    "If your partner hurts you, threatens you or tries to control you, this is not a cycle "
    "you share. Skip the couples practice. Talk to your therapist alone."
)
"""The caveat every couples handout carries, next to the domestic violence line."""

DEFAULT_DISCLAIMER = (
    "This handout is for learning only. It does not take the place of therapy. It cannot "
    "tell you what is wrong, and it is not for an emergency."
)
"""The disclaimer used when the practice profile gives none."""


def find_crisis_line(practice: Practice) -> str | None:
    """Return the crisis-line sentence for the profile's locale, or ``None`` when there is none.

    The one rule: the profile's own ``crisis_lines`` win over the built-in ones, and locales
    match whatever their case or surrounding spaces.
    """
    locale = practice.locale.strip().upper()
    own = _own_lines(practice)
    return own.get(locale, BUILTIN_CRISIS_LINES.get(locale))


def _own_lines(practice: Practice) -> dict[str, str]:
    """Return the profile's own crisis lines by upper-case locale (one left empty does not
    count: it cannot stand in for a built-in line)."""
    return {
        key.strip().upper(): line.text for key, line in practice.crisis_lines.items() if line.text
    }


def no_crisis_line(practice: Practice) -> str:
    """Return what is wrong, and how to fix it, when the profile's locale has no crisis line."""
    locale = practice.locale.strip().upper()
    known = sorted({*BUILTIN_CRISIS_LINES, *_own_lines(practice)})
    return (
        f"there is no crisis line for locale '{practice.locale}' — add one under "
        f"crisis_lines: {locale}: text: ..., or use one of: {', '.join(known)}"
    )


def crisis_line(practice: Practice) -> str:
    """Return the crisis-line sentence for the profile's locale (see :func:`find_crisis_line`).

    Raises :class:`OutlineError` naming the locale, and showing how to add a line, when there
    is none: a handout without a crisis line must never be printed silently. (Loading the
    profile reports the same problem at its line first; this guards a plan made without it.)
    """
    line = find_crisis_line(practice)
    if line is not None:
        return line
    locale = practice.locale.strip().upper()
    raise OutlineError(
        f"practice profile: locale: {no_crisis_line(practice)}. For example:\n"
        f"crisis_lines:\n"
        f"  {locale}:\n"
        f'    text: "If you are struggling, help is available any time: call <your local '
        f'crisis line>. In an emergency, call <emergency number>."'
    )


def domestic_violence_line(practice: Practice) -> str:
    """Return the domestic violence line for the profile's locale.

    The profile's ``crisis_lines: LOCALE: domestic_violence`` wins over the built-in one.
    Raises :class:`OutlineError` showing how to add one when neither has it: a couples handout
    must never go out without it.
    """
    locale = practice.locale.strip().upper()
    for key, line in practice.crisis_lines.items():
        if key.strip().upper() == locale and line.domestic_violence:
            return line.domestic_violence
    if locale in BUILTIN_DV_LINES:
        return BUILTIN_DV_LINES[locale]
    raise OutlineError(
        f"practice profile: locale: there is no domestic violence line for the locale "
        f"'{practice.locale}', and a couples handout must give one. Add it beside the crisis "
        f"line, for example:\n"
        f"crisis_lines:\n"
        f"  {locale}:\n"
        f'    domestic_violence: "If a partner hurts, threatens or controls you, call '
        f'<your local domestic violence line>."'
    )


def disclaimer(practice: Practice) -> str:
    """Return the profile's disclaimer, or :data:`DEFAULT_DISCLAIMER` when it sets none."""
    own = (practice.disclaimer or "").strip()
    return own or DEFAULT_DISCLAIMER


def practitioner_line(practice: Practice) -> str:
    """Return the practitioner's name with credentials, e.g. 'Jo Lee, LMFT'."""
    p = practice.practitioner
    return f"{p.name}, {p.credentials}" if p.credentials else p.name


def display_url(url: str) -> str:
    """Return ``url`` as people write it: without the scheme, 'www.' kept, no trailing slash."""
    text = url.strip()
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    return text.rstrip("/")


def contact_parts(practice: Practice) -> list[str]:
    """Return the contact details that are set, in order: practice, email, phone, website.

    The website is given as people write it (see :func:`display_url`).
    """
    c = practice.contact
    parts = [c.practice, c.email, c.phone, display_url(c.website) if c.website else None]
    return [p.strip() for p in parts if p and p.strip()]


def website(practice: Practice) -> str | None:
    """Return the full website address (with scheme) for links and QR codes, or None."""
    url = (practice.contact.website or "").strip()
    if not url:
        return None
    return url if "://" in url else f"https://{url}"
