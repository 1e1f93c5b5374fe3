"""Pydantic's validation errors in plain words, located in the file that was typed.

* :func:`parse_model` — validate a located :class:`~generator.source.yaml_reader.Document` (or
  a part of it) against any pydantic model, raising one OutlineError with every problem;
* :func:`model_problems` — the same without raising: ``(instance or None, problems)``;
* :func:`validation_problems` — turn a ``ValidationError`` into located
  :class:`~generator.errors.Problem` s for a therapist;
* :func:`close_match` / :func:`did_you_mean` — the suggestion for a misspelt key or id.

Outlines, practice profiles, overlays and audiences all go through here, so each mistake is
described the same way wherever it was made.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Literal, TypeVar, get_args, get_origin

from generator.errors import OutlineError, Problem
from generator.source.model import ID_PATTERN, LANGUAGE_PATTERN, SLIDE_KINDS
from generator.source.typed import Model as BaseModel
from generator.source.typed import ValidationError
from generator.source.yaml_reader import Document, describe, format_path

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def parse_model(doc: Document, model: type[M], at: Loc = (), data: object = None) -> M:
    """Return ``model`` validated from the document (or from ``data`` found at path ``at``).

    Raises one OutlineError with the document's own problems (duplicate keys…) and every
    validation problem, each located in ``doc``.
    """
    instance, problems = model_problems(doc, model, at, data)
    raise_problems(problems)
    return instance  # type: ignore[return-value]


def model_problems(
    doc: Document, model: type[M], at: Loc = (), data: object = None
) -> tuple[M | None, list[Problem]]:
    """Return ``(instance, problems)``: the instance is None when validation failed.

    ``problems`` always starts with ``doc.problems`` when ``at`` is the whole document, so
    nothing the YAML reader noticed is lost.
    """
    problems = list(doc.problems) if at == () else []
    value = _get(doc.data, at) if data is None else data
    try:
        return model.model_validate(value), problems
    except ValidationError as exc:
        return None, problems + validation_problems(exc, doc, model, at, value)


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise OutlineError("", sorted(set(problems)))


# --------------------------------------------------------------------------- pydantic → words


def _get(data: object, path: Iterable[str | int]) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unwrap(tp: object) -> object:
    """Return ``tp`` without Annotated and without ``| None``."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _members(tp: object) -> list[object]:
    """Return the members of a union type (``tp`` itself when it is not a union)."""
    tp = _unwrap(tp)
    if get_origin(tp) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in get_args(tp) if a is not type(None)]
    return [tp]


def _is_model(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _tag_name(tp: object) -> str:
    """Return the name pydantic uses for a union member in error locations."""
    if _is_model(tp):
        kind = tp.model_fields.get("kind")  # type: ignore[union-attr]
        if kind is not None and get_origin(kind.annotation) is Literal:
            return str(get_args(kind.annotation)[0])
        return tp.__name__  # type: ignore[union-attr]
    if get_origin(tp) is list and get_args(tp):
        return f"list[{_tag_name(_unwrap(get_args(tp)[0]))}]"
    return getattr(tp, "__name__", str(tp))


class _Site:
    """What the pydantic location of one error means in the user's file."""

    def __init__(
        self, path: Loc, tp: object, unions: list[tuple[Loc, str]], parent_tp: object = None
    ) -> None:
        self.path = path  # the path in the data, union tags removed
        self.tp = tp  # the expected type at that path (None when unknown)
        self.unions = unions  # (path, chosen member) for each plain union passed through
        self.parent_tp = parent_tp  # the type of the mapping or list holding the last part


def _walk(model: type[BaseModel], loc: Loc, data: object) -> _Site:
    """Follow a pydantic error location through the model and the data together."""
    tp: object = model
    path: list[str | int] = []
    unions: list[tuple[Loc, str]] = []
    parent_tp: object = None
    parts = list(loc)
    while parts:
        part = parts[0]
        members = _members(tp)
        if len(members) > 1:
            names = {_tag_name(m): m for m in members}
            # A union member's tag: for slides the kind ('quote'), which may also be a key.
            is_tag = isinstance(part, str) and (
                not (isinstance(data, dict) and part in data)
                or (isinstance(data, dict) and data.get("kind") == part and part in names)
            )
            if is_tag:
                chosen = names.get(part)
                if chosen is None and "str" in part:  # 'constrained-str' and friends
                    chosen = next((m for m in members if m is str), None)
                if chosen is not None:
                    if not _is_model(chosen) or "kind" not in chosen.model_fields:
                        unions.append((tuple(path), part))
                    tp = chosen
                    parts.pop(0)
                    continue
            tp = None
        parent_tp = tp
        base = _unwrap(tp)
        origin = get_origin(base)
        if _is_model(base) and isinstance(part, str):
            fields = base.model_fields  # type: ignore[union-attr]
            name = next((n for n, f in fields.items() if (f.alias or n) == part), None)
            tp = fields[name].annotation if name else None
        elif origin in (list, Sequence, tuple) and isinstance(part, int):
            tp = get_args(base)[0] if get_args(base) else None
        elif origin is dict:
            args = get_args(base)
            tp = args[1] if len(args) == 2 else None
        else:
            tp = None
        path.append(part)
        data = data[part] if isinstance(data, (dict, list)) and _has(data, part) else None
        parts.pop(0)
    return _Site(tuple(path), tp, unions, parent_tp)


def _has(data: dict | list, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(part, int) and 0 <= part < len(data)


def _keys(tp: object) -> list[str]:
    """Return the keys a mapping of type ``tp`` may hold (aliases as written in YAML)."""
    base = _unwrap(tp)
    if _is_model(base):
        return [f.alias or n for n, f in base.model_fields.items()]  # type: ignore[union-attr]
    return []


def _what_list(tp: object) -> str:
    """Return 'a list of text', 'a list' … for a list type."""
    base = _unwrap(tp)
    args = get_args(base)
    if args and all(
        m is str or _is_model(m) and "text" in m.model_fields for m in _members(args[0])
    ):
        return "a list of text"
    return "a list"


def _choices(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def close_match(word: object, options: Iterable[str]) -> str | None:
    """Return the option closest to ``word`` when one is close enough to be a typo, else None.

    The one typo matcher: every "did you mean" in the tool's messages comes from here.
    """
    match = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: object, options: Iterable[str], *, aside: bool = False) -> str:
    """Return `` — did you mean 'x'?`` (with ``aside``: `` (did you mean 'x'?)``), or ""."""
    match = close_match(word, options)
    if not match:
        return ""
    return f" (did you mean '{match}'?)" if aside else f" — did you mean '{match}'?"


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


def _pattern_message(pattern: str, value: object) -> str:
    shown = _shown(value)
    if pattern == LANGUAGE_PATTERN:
        return f"{shown} is not a language tag: write it like 'en-US', 'en-CA' or 'fr'"
    if pattern == ID_PATTERN or pattern.startswith("^(tag:)?"):
        example = _slug(str(value)) or "my-id"
        prefix = "'tag:NAME' or " if pattern.startswith("^(tag:)?") else ""
        return (
            f"{shown} is not a valid id: use {prefix}lowercase letters, digits and hyphens, "
            f"no spaces, e.g. '{example}'"
        )
    if "#" in pattern:
        return f"{shown} is not a colour: write it as # and six hex digits, e.g. '#2F5D62'"
    if "[0-5]" in pattern:
        return f"{shown} is not a time: write it as 24-hour HH:MM, e.g. '09:30'"
    if "A-Za-z0-9_-" in pattern:
        return f"{shown} is not a valid key: use letters, digits, '-' and '_', e.g. 'johnson2019'"
    return f"{shown} does not have the expected form ({pattern})"


def _message(err: dict, site: _Site, doc: Document, at: Loc) -> tuple[Loc, str] | None:
    """Return ``(path to point at, message)`` for one pydantic error, or None to drop it."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    path = site.path
    if kind == "missing":
        field = str(path[-1]) if path else "?"
        article = "an" if field[:1].lower() in "aeiou" else "a"
        return path[:-1], f"missing '{field}': add {article} {field}: line"
    if kind == "extra_forbidden":
        parent_tp = site.parent_tp
        key = path[-1]
        hint = did_you_mean(key, _keys(parent_tp))
        if not hint and _keys(parent_tp):
            hint = " — allowed here: " + ", ".join(_keys(parent_tp))
        return path[:-1], f"unknown key '{key}'{hint}"
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", value)
        kinds = _choices(ctx.get("expected_tags", "")) or list(SLIDE_KINDS)
        hint = did_you_mean(tag, kinds, aside=True)
        return (*path, "kind"), f"unknown slide kind '{tag}'{hint} — the kinds are: " + ", ".join(
            kinds
        )
    if kind == "union_tag_not_found":
        return path, "missing 'kind': add a kind: line, one of: " + ", ".join(SLIDE_KINDS)
    if kind == "literal_error":
        options = _choices(ctx.get("expected", ""))
        hint = did_you_mean(value, options, aside=True)
        return path, f"must be one of: {', '.join(options)} — got {_shown(value)}{hint}"
    if kind == "string_type":
        if value is None:
            return path, "is empty: write some text here"
        colon = colon_key(value)
        if colon:
            return path, colon
        return path, f"expected text, got {describe(value)}{quote_hint(value)}"
    if kind == "string_too_short":
        return path, "is empty: write some text here"
    if kind == "string_pattern_mismatch":
        return path, _pattern_message(ctx.get("pattern", ""), value)
    if kind == "list_type":
        what = _what_list(site.tp)
        got = describe(value)
        if isinstance(value, str):
            got += " — put each item on its own line starting with '- '"
        return path, f"expected {what}, got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = _keys(site.tp)
        like = f" (with keys like {', '.join(k + ':' for k in keys[:3])})" if keys else ""
        return path, (
            f"expected a mapping of 'key: value' lines{like}, got {describe(value)} — put "
            "each field on its own line below, indented two spaces more than this key"
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return path, f"expected a whole number, got {_shown(value)} — write it in digits, e.g. 30"
    if kind in ("float_type", "float_parsing"):
        return path, f"expected a number, got {_shown(value)} — write it in digits, e.g. 1.5"
    if kind in ("bool_type", "bool_parsing"):
        return path, f"expected true or false, got {_shown(value)} — write true or false"
    if kind in ("greater_than_equal", "greater_than"):
        return path, f"must be at least {ctx.get('ge', ctx.get('gt'))} — got {value}"
    if kind in ("less_than_equal", "less_than"):
        return path, f"must be at most {ctx.get('le', ctx.get('lt'))} — got {value}"
    if kind == "too_short":
        return path, (
            f"needs at least {ctx.get('min_length', 1)} item — the list is empty: add one "
            "on its own line starting with '- '"
        )
    if kind == "too_long":
        return path, f"has too many items: at most {ctx.get('max_length')} — remove some"
    if kind == "value_error":
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        return path, message
    return path, str(err.get("msg", kind)).lower()


def quote_hint(value: object) -> str:
    """Return how to make a number or true/false read as text (" — put it in quotes…"), or ""."""
    if isinstance(value, bool):
        shown = str(value).lower()
    elif isinstance(value, (int, float)):
        shown = str(value)
    else:
        return ""
    return f' — to use it as text, put it in quotes, e.g. "{shown}"'


def colon_key(value: object, allowed: Iterable[str] = ()) -> str | None:
    """Return the message for text that a ': ' turned into a ``key: value`` mapping, else None.

    ``- Crisis: call or text 988`` reads, in YAML, as a mapping with the key ``Crisis``; the
    person meant one line of text. ``allowed`` are the keys the place does take (a bullet's
    ``text:``), which are not a mistake.
    """
    if not (isinstance(value, dict) and len(value) == 1):
        return None
    [(key, rest)] = value.items()
    if not isinstance(key, str) or key in allowed or isinstance(rest, (dict, list)):
        return None
    line = f"{key}: {'' if rest is None else rest}".rstrip()
    shown = line.replace('"', '\\"')
    return (
        f"the ': ' after '{key}' made it a key, so the line is not read as text — "
        f'put the whole line in quotes: - "{shown}"'
    )


def _shape(value: object) -> str:
    """Return what was written: 'text', 'list', 'mapping' or 'other'."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else "other"


def _member_shape(member: str) -> str:
    """Return what a union member (as pydantic names it in a location) expects to be written."""
    if member.startswith("list["):
        return "list"
    return "text" if "str" in member else "mapping"


def plain_message(model: type[BaseModel], err: dict, data: object) -> str:
    """Return one pydantic error (from validating ``data`` as ``model``) in plain words."""
    site = _walk(model, tuple(err["loc"]), data)
    result = _message(err, site, Document(file="", data=data), ())
    return result[1] if result else str(err.get("msg", ""))


def _shown(value: object, limit: int = 60) -> str:
    """Return ``value`` quoted for a message; long text is cut, so one line stays readable."""
    if not isinstance(value, str):
        return describe(value)
    return f"'{value}'" if len(value) <= limit else f"'{value[: limit - 1]}…'"


def validation_problems(
    exc: ValidationError,
    doc: Document,
    model: type[BaseModel],
    at: Loc = (),
    data: object = None,
) -> list[Problem]:
    """Return one located, plain-words :class:`Problem` per mistake in ``exc``.

    ``at`` is where the validated data sits in ``doc`` (``()`` for the whole file), so an
    overlay can validate a part of a file and still point at the right line. Errors pydantic
    reports once per member of a union (text *or* a bullet with sub-points) are folded into
    the one that matches what was written.
    """
    value_root = _get(doc.data, at) if data is None else data
    sites: list[tuple[dict, _Site]] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        site = _walk(model, loc, value_root)
        sites.append((err, site))

    # Fold plain unions (text | Point): keep the member that fits what was written.
    chosen: dict[Loc, set[str]] = {}
    for _err, site in sites:
        for upath, member in site.unions:
            chosen.setdefault(upath, set()).add(member)
    # The keys each union's mapping member takes (a bullet's 'text', 'sub'…): not mistakes.
    allowed: dict[Loc, set[str]] = {}
    for _err, site in sites:
        for upath, _member in site.unions:
            if len(site.path) == len(upath) + 1:
                allowed.setdefault(upath, set()).update(_keys(site.parent_tp))
    keep: list[tuple[dict, _Site]] = []
    folded: set[Loc] = set()
    for err, site in sites:
        drop = False
        for upath, _member in site.unions:
            message = colon_key(_get(value_root, upath), allowed.get(upath, ()))
            if message:
                drop = True
                if upath not in folded:
                    folded.add(upath)
                    keep.append(({"type": "_colon", "msg": message}, _Site(upath, None, [])))
        if drop:
            continue
        for upath, member in site.unions:
            value = _get(value_root, upath)
            written = _shape(value)
            kinds = {_member_shape(m) for m in chosen[upath]}
            if len(chosen[upath]) > 1 and _member_shape(member) != written and written in kinds:
                drop = True  # the member that matches what was written explains the mistake
            if written not in kinds and len(chosen[upath]) > 1:
                drop = True
                if upath not in folded:
                    folded.add(upath)
                    keep.append(
                        (
                            {"type": "_union", "input": value},
                            _Site(upath, None, []),
                        )
                    )
        if not drop:
            keep.append((err, site))

    problems = []
    for err, site in keep:
        if err["type"] == "_union":
            value = err["input"]
            where, message = site.path, f"expected text, got {describe(value)}{quote_hint(value)}"
        elif err["type"] == "_colon":
            where, message = site.path, err["msg"]
        else:
            result = _message(err, site, doc, at)
            if result is None:
                continue
            where, message = result
        full = (*at, *where)
        location = (*at, *site.path) if err["type"] != "missing" else full
        if err["type"] == "union_tag_invalid":
            location = full
        line, column = doc.locate(location)
        problems.append(Problem(doc.file, line, column, format_path(full), message))
    return sorted(set(problems))
