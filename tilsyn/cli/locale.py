"""Norwegian wording for the CLI framework's own texts (help headings, usage errors).

typer (with its bundled click) writes "Usage:", "Options:" and English usage errors. Our
help texts are Norwegian, so these are translated too. The hooks touch typer's private
modules; if a future typer moves them, the CLI still works, only in English chrome.
"""

from __future__ import annotations

import re

_WORDS = {
    "Options": "Valg",
    "Arguments": "Argumenter",
    "Commands": "Kommandoer",
    "required": "påkrevd",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "(dynamic)": "(dynamisk)",
    "Aborted!": "Avbrutt.",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
}

_ERRORS = [
    (r"^Missing option", "mangler valget"),
    (r"^Missing argument", "mangler argumentet"),
    (r"^Missing parameter", "mangler"),
    (r"^No such option:", "ukjent valg:"),
    (r"^No such command", "ukjent kommando"),
    (r"^Missing command\.", "mangler kommando."),
    (r"^Got unexpected extra arguments?", "uventet(e) ekstra argument(er)"),
    (r"^Invalid value for", "ugyldig verdi for"),
    (r"^Invalid value:", "ugyldig verdi:"),
    (r"Did you mean", "Mente du"),
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        "skal være et heltall",
    ),
    (r"Input should be a valid integer", "skal være et heltall"),
    (r"Input should be a valid number.*$", "skal være et tall"),
    (r"Input should be a valid boolean.*$", "skal være ja/nei (true/false)"),
    (r"Input should be greater than or equal to (\S+)", r"skal være minst \1"),
    (r"Input should be less than or equal to (\S+)", r"skal være høyst \1"),
    (r"Input should be greater than (\S+)", r"skal være større enn \1"),
    (r"Input should be less than (\S+)", r"skal være mindre enn \1"),
    (r"Option '([^']+)' requires an argument\.", r"valget '\1' trenger en verdi."),
    (r"^Ukjent kommando", "ukjent kommando"),
]


def translate(text: str) -> str:
    """Translate one framework text to Norwegian (unknown texts pass through)."""
    return _WORDS.get(text, text)


def error_message(text: str) -> str:
    """Translate a usage-error message."""
    for pattern, repl in _ERRORS:
        text = re.sub(pattern, repl, text)
    return text


def install() -> None:
    """Point typer's help texts at :func:`translate` (best effort)."""
    try:
        import typer.core as tcore
        from typer._click import core as ccore
        from typer._click import formatting
    except ImportError:  # pragma: no cover - a future typer without these modules
        return
    tcore._ = translate  # type: ignore[attr-defined]
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
        args = args.replace("[OPTIONS]", "[VALG]").replace(
            "COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]..."
        )
        return original_usage(self, prog, args, "Bruk: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    original_help_option = ccore.Command.get_help_option

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option

    ccore.Command.get_help_option = get_help_option  # type: ignore[method-assign]
