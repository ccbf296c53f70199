"""Loading checklist YAML (1.2, via ruamel.yaml) with every problem reported by file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tilsyn.errors import ChecklistError
from tilsyn.idnumber import mask_identity_numbers
from tilsyn.text import fold


def _error(message: str, *, details: list[str] | None = None) -> ChecklistError:
    """A ChecklistError whose text never shows an identity number unmasked (a file name,
    a value quoted in a message or YAML's own error text may hold one)."""
    return ChecklistError(
        mask_identity_numbers(message),
        details=[mask_identity_numbers(d) for d in details or []],
    )


def _plain(node: Any) -> Any:
    """Convert ruamel's round-trip containers into plain Python values."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node


def _line_of(root: Any, loc: tuple[Any, ...]) -> int | None:
    """Best line number (1-based) for a pydantic/semantic location inside the YAML tree."""
    node = root
    line = None
    for part in loc:
        try:
            if isinstance(node, dict) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (AttributeError, KeyError, TypeError):
            break
    if line is None and hasattr(root, "lc"):
        line = root.lc.line + 1
    return line


_MESSAGES = {
    "missing": "mangler (påkrevd felt)",
    "extra_forbidden": "ukjent felt; sjekk stavingen (se tilsyn sjekkliste skjema)",
    "string_type": "skal være tekst",
    "list_type": "skal være en liste",
    "int_type": "skal være et heltall",
    "float_type": "skal være et tall",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "model_type": "skal være en tabell med felter (nøkkel: verdi)",
    "dict_type": "skal være en tabell med felter (nøkkel: verdi)",
    "too_short": "kan ikke være tom",
    "string_too_short": "kan ikke være tom",
    "string_pattern_mismatch": "har ugyldig form",
    "string_too_long": "er for lang",
    "literal_error": "har ugyldig verdi",
    "greater_than_equal": "er for liten",
    "less_than": "er for stor",
}


def _describe(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    loc = tuple(err.get("loc", ()))
    if loc and loc[-1] == "legal_basis" and kind in ("missing", "too_short"):
        return "kravet mangler hjemmel (legal_basis med lov, paragraf og Lovdata-lenke)"
    msg = _MESSAGES.get(kind, err.get("msg", "ugyldig"))
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        msg = f"har ugyldig verdi {err.get('input')!r} (gyldige: {expected})"
    elif kind == "string_pattern_mismatch":
        msg = f"har ugyldig form {err.get('input')!r} (mønster {err['ctx']['pattern']})"
    return msg


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _semantic_problems(raw: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Cross-field checks on the raw tree: duplicate ids, dangling references, order text."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: dict[str, tuple[Any, ...]] = {}
    question_refs: set[str] = set()

    def register(ref: Any, loc: tuple[Any, ...]) -> None:
        if not isinstance(ref, str):
            return
        key = ref.casefold()
        if key in seen:
            problems.append(
                (loc, f"ref_id «{ref}» er brukt før (ved {_loc_text(seen[key])}); må være unik")
            )
        else:
            seen[key] = loc

    themes = raw.get("themes") if isinstance(raw, dict) else None
    cps: list[tuple[tuple[Any, ...], Any]] = []
    for ti, theme in enumerate(themes if isinstance(themes, list) else []):
        if not isinstance(theme, dict):
            continue
        register(theme.get("ref_id"), ("themes", ti, "ref_id"))
        reqs = theme.get("requirements")
        for ri, req in enumerate(reqs if isinstance(reqs, list) else []):
            if not isinstance(req, dict):
                continue
            rloc: tuple[Any, ...] = ("themes", ti, "requirements", ri)
            register(req.get("ref_id"), (*rloc, "ref_id"))
            if req.get("breach") == "lovbrudd" and not req.get("order"):
                problems.append(
                    ((*rloc, "breach"), "brudd er lovbrudd, men kravet mangler order (pålegg)")
                )
            qs = req.get("questions")
            for qi, q in enumerate(qs if isinstance(qs, list) else []):
                if isinstance(q, dict):
                    register(q.get("ref_id"), (*rloc, "questions", qi, "ref_id"))
                    if isinstance(q.get("ref_id"), str):
                        question_refs.add(q["ref_id"].casefold())
                    nn = q.get("nn")
                    nn_evidence = nn.get("evidence") if isinstance(nn, dict) else None
                    evidence = q.get("evidence")
                    if (
                        isinstance(nn_evidence, list)
                        and isinstance(evidence, list)
                        and len(nn_evidence) != len(evidence)
                    ):
                        problems.append(
                            (
                                (*rloc, "questions", qi, "nn", "evidence"),
                                f"nn.evidence har {len(nn_evidence)} dokumenttyper, men "
                                f"evidence har {len(evidence)}; nynorsklisten må ha like "
                                "mange, i samme rekkefølge",
                            )
                        )
                    rule = q.get("rule")
                    if (
                        isinstance(rule, dict)
                        and rule.get("type") == "share"
                        and q.get("scope") != "deltaker"
                    ):
                        problems.append(
                            (
                                (*rloc, "questions", qi, "rule"),
                                "regelen share gjelder bare spørsmål med scope deltaker",
                            )
                        )
            order = req.get("order")
            points = order.get("correction_points") if isinstance(order, dict) else None
            for pi, cp in enumerate(points if isinstance(points, list) else []):
                if isinstance(cp, dict):
                    cploc = (*rloc, "order", "correction_points", pi)
                    register(cp.get("ref_id"), (*cploc, "ref_id"))
                    cps.append((cploc, cp))
    for cploc, cp in cps:
        refs = cp.get("questions")
        for qi, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref.casefold() not in question_refs:
                problems.append(
                    ((*cploc, "questions", qi), f"viser til ukjent kontrollspørsmål «{ref}»")
                )
    return problems


# Limits for checklist files. The largest shipped checklist is 52 KB with 1 127 values,
# nested 12 levels deep; the limits leave 20 times that room while keeping a hostile file
# from hanging every command that lists checklists (a 537-byte alias bomb hung
# them). ruamel.yaml reads about 30 000 values a second, so refusing at the value limit
# takes under a second.
MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 25_000
_MAX_ALIAS_LINES = 20


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _yaml_error(exc: Exception, source: str) -> ChecklistError:
    """A ChecklistError for a YAML syntax error, with the line ruamel points at."""
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else "?"
        problem = exc.problem or exc.context or "ugyldig YAML"
        return _error(f"Ugyldig sjekkliste {source}.", details=[f"{source}:{line}: {problem}"])
    # ruamel raises several non-marked errors on garbage input
    return _error(
        f"Ugyldig sjekkliste {source}.",
        details=[f"{source}:1: kan ikke leses som YAML ({exc})"],
    )


def _structure_problems(text: str, source: str) -> tuple[list[tuple[int, str]], bool]:
    """Check the YAML event stream before anything is built from it.

    Returns the problems (line, message) and whether they are fatal (the file must not be
    loaded at all): anchors and aliases (an alias bomb expands a few hundred bytes into
    billions of values), nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES``
    values. Duplicate keys are found here too, so that they are reported together with
    every other problem instead of stopping at the first one. The event stream never
    expands an alias, and it is abandoned as soon as a limit is passed.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        MappingStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    problems: list[tuple[int, str]] = []
    aliases: dict[int, list[str]] = {}  # line -> "&name" / "*name" in order
    # One frame per open collection: [is_mapping, next node is a key, keys seen].
    stack: list[list] = []
    nodes = 0
    try:
        for event in YAML(typ="rt").parse(text):
            if not isinstance(event, NodeEvent):
                if isinstance(event, CollectionEndEvent) and stack:
                    stack.pop()
                continue
            line = event.start_mark.line + 1
            nodes += 1
            if nodes > MAX_NODES:
                problems.append(
                    (
                        line,
                        f"filen har mer enn {_thousands(MAX_NODES)} verdier; en sjekkliste "
                        "trenger langt færre. Del den opp i flere sjekklister.",
                    )
                )
                return problems, True
            if isinstance(event, AliasEvent):
                aliases.setdefault(line, []).append(f"*{event.anchor}")
            elif event.anchor:
                aliases.setdefault(line, []).append(f"&{event.anchor}")
            if stack and stack[-1][0]:
                frame = stack[-1]
                if frame[1] and isinstance(event, ScalarEvent):
                    key = event.value
                    if key in frame[2]:
                        problems.append((line, "nøkkelen finnes to ganger (duplikat i YAML)"))
                    else:
                        frame[2].add(key)
                frame[1] = not frame[1]
            if isinstance(event, CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        (
                            line,
                            f"YAML-strukturen er nestet dypere enn {MAX_DEPTH} nivåer; en "
                            "sjekkliste trenger langt færre. Sjekk innrykk og klammer.",
                        )
                    )
                    return problems, True
                stack.append([isinstance(event, MappingStartEvent), True, set()])
    except Exception as exc:  # a syntax error: report it as loading would
        raise _yaml_error(exc, source) from None
    if aliases:
        for n, (line, names) in enumerate(sorted(aliases.items())):
            if n == _MAX_ALIAS_LINES:
                problems.append(
                    (line, f"… og ankere eller aliaser på {len(aliases) - n} linjer til")
                )
                break
            kinds = {name[0] for name in names}
            kind = "anker og -alias" if len(kinds) == 2 else ("anker" if "&" in kinds else "alias")
            distinct = list(dict.fromkeys(names))
            shown = ", ".join(distinct[:3]) + (", …" if len(distinct) > 3 else "")
            problems.append(
                (
                    line,
                    f"YAML-{kind} ({shown}) er ikke tillatt i sjekklister; skriv verdien ut "
                    "på hvert sted den trengs",
                )
            )
        return problems, True
    return problems, False


def parse_checklist(text: str, *, source: str = "<tekst>", known_ids: set[str] | None = None):
    """Parse and validate checklist YAML. Raises ChecklistError listing every problem.

    ``known_ids`` are checklist ids that ``see_also`` may refer to; when ``None`` those
    references are not checked. Files over ``MAX_BYTES``, YAML anchors and aliases, and
    nesting deeper than ``MAX_DEPTH`` are refused before anything is built.
    """
    from pydantic import ValidationError
    from ruamel.yaml import YAML

    from tilsyn.checklist.model import Checklist

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise _too_large(source, size)
    problems: list[tuple[int | None, str]] = []
    structure, fatal = _structure_problems(text, source)
    problems.extend(structure)
    if fatal:
        raise _invalid(source, problems)

    yaml = YAML(typ="rt")
    # Duplicate keys were collected above, with the other problems; ruamel would stop at
    # the first one.
    yaml.allow_duplicate_keys = True
    try:
        root = yaml.load(text)
    except Exception as exc:
        raise _yaml_error(exc, source) from None
    if not isinstance(root, dict):
        raise _error(
            f"Ugyldig sjekkliste {source}.",
            details=[f"{source}:1: filen må være en YAML-tabell med id, title, themes …"],
        )

    checklist = None
    try:
        checklist = Checklist.model_validate(_plain(root))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append((_line_of(root, loc), f"{_loc_text(loc)}: {_describe(err)}"))
    for loc, msg in _semantic_problems(root):
        problems.append((_line_of(root, loc), f"{_loc_text(loc)}: {msg}"))
    for loc, msg in _text_problems(root):
        problems.append((_line_of(root, loc), f"{_loc_text(loc)}: {msg}"))
    if checklist is not None and known_ids is not None:
        for ti, theme in enumerate(checklist.themes):
            for ri, req in enumerate(theme.requirements):
                for si, other in enumerate(req.see_also):
                    if other not in known_ids:
                        loc = ("themes", ti, "requirements", ri, "see_also", si)
                        problems.append(
                            (_line_of(root, loc), f"{_loc_text(loc)}: ukjent sjekkliste «{other}»")
                        )
    if problems:
        raise _invalid(source, problems)
    assert checklist is not None
    return checklist


def _text_problems(node: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every text in the checklist passes the text door: no fødselsnummer or D-nummer
    (a checklist's text is stored with each audit and goes into documents and workbooks),
    no text longer than one field takes."""
    from tilsyn.idnumber import find_identity_numbers
    from tilsyn.text import MAX_TEXT_LENGTH

    out: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _text_problems(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _text_problems(value, (*loc, i))
    elif isinstance(node, str):
        found = find_identity_numbers(node)
        if found:
            out.append(
                (
                    loc,
                    f"inneholder det som ser ut som et fødselsnummer eller D-nummer ({found[0]}); "
                    "en sjekkliste skal aldri ha det",
                )
            )
        elif len(node) > MAX_TEXT_LENGTH:
            out.append((loc, f"teksten er {len(node)} tegn; høyst {MAX_TEXT_LENGTH} er tillatt"))
    return out


def _invalid(source: str, problems: list[tuple[int | None, str]]) -> ChecklistError:
    unique = sorted(set(problems), key=lambda p: (p[0] or 0, p[1]))
    return _error(
        f"Ugyldig sjekkliste {source}: {len(unique)} feil.",
        details=[f"{source}:{line or '?'}: {msg}" for line, msg in unique],
    )


def _too_large(source: str, size: int) -> ChecklistError:
    return _error(
        f"Ugyldig sjekkliste {source}.",
        details=[
            f"{source}:1: filen er for stor ({_thousands(size)} byte); en sjekkliste kan "
            f"være høyst {_thousands(MAX_BYTES)} byte ({MAX_BYTES // 1_000_000} MB). Del den opp i "
            "flere sjekklister."
        ],
    )


def load_checklist(path: Path, *, known_ids: set[str] | None = None):
    """Read and validate a checklist file (at most ``MAX_BYTES``, UTF-8)."""
    try:
        if not path.is_file():
            if not path.exists():
                raise _error(f"Finner ikke sjekklistefilen {path}.")
            raise _error(f"{path}: er ikke en vanlig fil; en sjekkliste er en YAML-fil.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(str(path), size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _error(f"Finner ikke sjekklistefilen {path}.") from None
    except OSError as exc:
        raise _error(f"Kan ikke lese {path}: {exc.strerror}.") from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise _too_large(str(path), len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _error(
            f"{path}: filen er ikke UTF-8-tekst.",
            details=[
                f"{path}:{line}: ugyldig byte 0x{data[exc.start]:02x} (byte nr. "
                f"{exc.start + 1} i filen); lagre filen som UTF-8"
            ],
        ) from None
    return parse_checklist(text, source=str(path), known_ids=known_ids)


def match_id(value: str, ids: list[str]) -> str | None:
    """Match a checklist id typed with or without æ/ø/å."""
    wanted = fold(value)
    for cid in ids:
        if fold(cid) == wanted:
            return cid
    return None
