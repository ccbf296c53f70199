"""Loading checklist YAML (1.2, via ruamel.yaml) with every problem reported by file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tilsyn.errors import ChecklistError
from tilsyn.text import fold


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


def parse_checklist(text: str, *, source: str = "<tekst>", known_ids: set[str] | None = None):
    """Parse and validate checklist YAML. Raises ChecklistError listing every problem.

    ``known_ids`` are checklist ids that ``see_also`` may refer to; when ``None`` those
    references are not checked.
    """
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    from tilsyn.checklist.model import Checklist

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else "?"
        problem = exc.problem or exc.context or "ugyldig YAML"
        if "duplicate key" in str(exc):
            problem = "nøkkelen finnes to ganger (duplikat i YAML)"
            key_mark = exc.problem_mark
            line = key_mark.line + 1 if key_mark else line
        raise ChecklistError(
            f"Ugyldig sjekkliste {source}.", details=[f"{source}:{line}: {problem}"]
        ) from None
    except Exception as exc:  # ruamel raises several non-marked errors on garbage input
        raise ChecklistError(
            f"Ugyldig sjekkliste {source}.",
            details=[f"{source}:1: kan ikke leses som YAML ({exc})"],
        ) from None
    if not isinstance(root, dict):
        raise ChecklistError(
            f"Ugyldig sjekkliste {source}.",
            details=[f"{source}:1: filen må være en YAML-tabell med id, title, themes …"],
        )

    problems: list[tuple[int | None, str]] = []
    checklist = None
    try:
        checklist = Checklist.model_validate(_plain(root))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append((_line_of(root, loc), f"{_loc_text(loc)}: {_describe(err)}"))
    for loc, msg in _semantic_problems(root):
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
        unique = sorted(set(problems), key=lambda p: (p[0] or 0, p[1]))
        raise ChecklistError(
            f"Ugyldig sjekkliste {source}: {len(unique)} feil.",
            details=[f"{source}:{line or '?'}: {msg}" for line, msg in unique],
        )
    assert checklist is not None
    return checklist


def load_checklist(path: Path, *, known_ids: set[str] | None = None):
    """Read and validate a checklist file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(f"Finner ikke sjekklistefilen {path}.") from None
    except UnicodeDecodeError:
        raise ChecklistError(f"{path}: filen er ikke UTF-8-tekst.") from None
    except OSError as exc:
        raise ChecklistError(f"Kan ikke lese {path}: {exc.strerror}.") from None
    return parse_checklist(text, source=str(path), known_ids=known_ids)


def match_id(value: str, ids: list[str]) -> str | None:
    """Match a checklist id typed with or without æ/ø/å."""
    wanted = fold(value)
    for cid in ids:
        if fold(cid) == wanted:
            return cid
    return None
