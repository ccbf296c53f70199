"""Norwegian wording for the CLI framework's own texts (help headings, usage errors).

typer writes "Usage:", "Options:" and English usage errors. Our help texts are
Norwegian, so these are translated too, through typer's public extension points only:
:class:`NorwegianTyper` (a ``typer.Typer`` whose commands and groups use the classes
below) and the click ``Command`` methods those classes override (``format_usage``,
``format_options``, ``get_help_option``).
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

_RECORD = [
    (re.compile(r"\bdefault: "), "standard: "),
    (re.compile(r"\benv var: "), "miljøvariabel: "),
    (re.compile(r"\brequired\b"), "påkrevd"),
    (re.compile(r"\(dynamic\)"), "(dynamisk)"),
]

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
    (r"'?(\S+?)'? is not a valid integer\.?", r"«\1» er ikke et heltall."),
    # click < 8.2 words range errors differently from the pydantic-style ones above
    (r"\S+ is not in the range x>=(\S+?)\.", r"skal være minst \1."),
    (r"\S+ is not in the range x<=(\S+?)\.", r"skal være høyst \1."),
    (r"\S+ is not in the range (\S+?)<=x<=(\S+?)\.", r"skal være mellom \1 og \2."),
    (r"Option '([^']+)' requires an argument\.", r"valget '\1' trenger en verdi."),
    (r"^Ukjent kommando", "ukjent kommando"),
]


def error_message(text: str) -> str:
    """Translate a usage-error message."""
    for pattern, repl in _ERRORS:
        text = re.sub(pattern, repl, text)
    return text


def _record(record: tuple[str, str]) -> tuple[str, str]:
    name, help_text = record
    # typer < 0.17 escapes "[default: …]" for rich ("\\[") even without rich markup.
    help_text = help_text.replace("\\[", "[")
    for pattern, repl in _RECORD:
        help_text = pattern.sub(repl, help_text)
    return name, help_text


class _Norwegian:
    """Help in Norwegian for a click command (mixed into typer's classes)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        args = (
            " ".join(pieces)
            .replace("[OPTIONS]", "[VALG]")
            .replace("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]...")
        )
        formatter.write_usage(ctx.command_path, args, prefix="Bruk: ")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            (args if param.param_type_name == "argument" else opts).append(_record(record))
        if args:
            with formatter.section("Argumenter"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Valg"):
                formatter.write_dl(opts)
        commands = getattr(self, "list_commands", None)
        if commands is None:
            return
        rows = []
        for name in commands(ctx):
            cmd = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if cmd is None or cmd.hidden:
                continue
            rows.append((name, cmd.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Kommandoer"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option


class NorwegianCommand(_Norwegian, TyperCommand):
    """A command with Norwegian help."""


class NorwegianGroup(_Norwegian, TyperGroup):
    """A group with Norwegian help."""


class NorwegianTyper(typer.Typer):
    """A typer app whose groups and commands write their help in Norwegian."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", NorwegianGroup)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", NorwegianCommand)
        return super().command(*args, **kwargs)


def click_exception_class() -> type[Exception]:
    """The base class of the CLI framework's usage errors (found through the public
    ``typer.BadParameter``, whose bundled or separate click differs between versions)."""
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == "ClickException":
            return cls
    return typer.BadParameter  # pragma: no cover - every click has ClickException
