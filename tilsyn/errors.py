"""One error hierarchy with user-facing Norwegian messages, and the documented exit codes.

The CLI catches :class:`TilsynError` in one place (``tilsyn.cli``), prints
``feil: <message>`` on stderr (identity numbers masked) and exits with the error's
``exit_code``. Anything else is a bug: it is reported as «Intern feil» with its type and
place in tilsyn's code (never its values) and exit code 70; ``TILSYN_DEBUG=1`` shows the
traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``tilsyn`` command (documented in the README)."""

    OK = 0
    """Success."""
    ERROR = 1
    """A user error: bad input, unknown id, refused operation."""
    USAGE = 2
    """Wrong use of the command line (unknown option, missing argument)."""
    INVALID_CHECKLIST = 3
    """A checklist file failed validation."""
    REJECTED_WORKBOOK = 4
    """An Excel workbook was rejected on import; nothing was written."""
    OVERDUE = 5
    """`tilsyn status`: something is overdue (for use from a scheduler)."""
    CONFLICT = 6
    """Another process changed the same data at the same time; reload and retry."""
    QUALITY_GATE = 7
    """A document was refused by the quality gate (missing conclusions, texts, deadlines)."""
    PERSONAL_DATA = 8
    """A national identity number (fødselsnummer/D-nummer) was found and refused."""
    NOT_FOUND = 9
    """An audit, checklist, municipality or other id does not exist."""
    WORKSPACE = 10
    """No workspace found, or the workspace/database is not usable."""


class TilsynError(Exception):
    """Root of all errors a user can cause; the message is shown as is."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(self.details)


class UsageError(TilsynError):
    """Raised for option values that cannot be used (unknown type, bad date)."""

    exit_code = ExitCode.USAGE


class ChecklistError(TilsynError):
    """Raised when a checklist file is invalid; ``details`` holds one line per problem."""

    exit_code = ExitCode.INVALID_CHECKLIST


class WorkbookError(TilsynError):
    """Raised when an Excel workbook is rejected on import; nothing was written."""

    exit_code = ExitCode.REJECTED_WORKBOOK


class ConflictError(TilsynError):
    """Raised when a concurrent change makes an update unsafe."""

    exit_code = ExitCode.CONFLICT


class QualityGateError(TilsynError):
    """Raised when a document does not pass the quality gate."""

    exit_code = ExitCode.QUALITY_GATE


class PersonalDataError(TilsynError):
    """Raised when a fødselsnummer or D-nummer would enter the store or a document."""

    exit_code = ExitCode.PERSONAL_DATA


class NotFoundError(TilsynError):
    """Raised when an id (audit, checklist, municipality, question) does not exist."""

    exit_code = ExitCode.NOT_FOUND


class WorkspaceError(TilsynError):
    """Raised when no workspace is found or its configuration/database is unusable."""

    exit_code = ExitCode.WORKSPACE
