"""Office keys: the secret that makes an archive package's origin checkable.

The checksums and the log's hash chain in a package are unkeyed: anyone who edits a
package can recompute them. An office key is a random 256-bit secret; a package made with
it carries an HMAC-SHA256 tag over its metadata (which lists every file's sha256), and
only someone holding the key can make a tag that verifies. The office that imports must
hold the same key (a copy of the key file, handed over outside the package).

Storage (never in the database, so a database copy or an archive package never carries
it): one TOML file per key in the workspace's ``nokler/`` folder, or the folder named by
``[arkiv] nokkelmappe`` in tilsyn.toml (for example on a drive only the office's staff can
read). The file name is the key's name: ``nokler/sfag-2026-1.nokkel``::

    format = "tilsyn-kontornokkel"
    navn = "sfag-2026-1"
    kontor = "Statsforvalteren i Agder"
    laget = "2026-12-02"
    nokkel = "…base64, 32 bytes…"

Naming and rotation: a key is named by the office and year and a number
(``sfag-2026-1``). To rotate, make a new key (``tilsyn arkivnokkel lag``): exports are
signed with the office's newest key (or ``[arkiv] nokkel``), and the old key files stay so
that older packages still verify. A key that may have leaked is withdrawn by deleting its
file everywhere: packages tagged with it are then refused by an office that holds other
keys for that office.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.errors import UsageError, WorkspaceError
from tilsyn.text import fold

if TYPE_CHECKING:
    from tilsyn.app.context import AppContext

KEY_FORMAT = "tilsyn-kontornokkel"
KEY_SUFFIX = ".nokkel"
KEY_BYTES = 32
DEFAULT_FOLDER = "nokler"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
MAX_KEY_FILE_BYTES = 10_000


@dataclass(frozen=True)
class OfficeKey:
    """One office key (the secret never leaves this object except into an HMAC)."""

    name: str
    office: str
    created: str
    secret: bytes
    path: Path

    @property
    def fingerprint(self) -> str:
        """What two offices compare (by phone) to know they hold the same key."""
        digest = hashlib.sha256(b"tilsyn-kontornokkel-fingeravtrykk\0" + self.secret).hexdigest()
        return " ".join(digest[i : i + 4] for i in range(0, 16, 4))

    def tag(self, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under this key, as hex."""
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def key_folder(ctx: AppContext) -> Path:
    """Where this workspace keeps its key files."""
    configured = ctx.workspace.config.archive.key_folder
    folder = Path(configured) if configured else Path(DEFAULT_FOLDER)
    return folder if folder.is_absolute() else ctx.workspace.root / folder


def check_name(name: str) -> str:
    """A key name: 3–64 of a–z, 0–9 and ``-`` (it is also the file name)."""
    if not _NAME.fullmatch(name or ""):
        raise UsageError(
            f"«{name}» er ikke et gyldig nøkkelnavn: bruk 3–64 små bokstaver a–z, sifre og "
            "bindestrek, f.eks. sfag-2026-1 (kontor, år, løpenummer)."
        )
    return name


def read_key(path: Path) -> OfficeKey:
    """Read and check one key file."""
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise WorkspaceError(f"{path}: er for stor til å være en kontornøkkel.")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceError(f"Kan ikke lese kontornøkkelen {path}: {exc}.") from None
    try:
        if data.get("format") != KEY_FORMAT:
            raise ValueError(f"format skal være «{KEY_FORMAT}»")
        name, office = str(data["navn"]), str(data["kontor"])
        if name != path.name.removesuffix(KEY_SUFFIX):
            raise ValueError(f"navn «{name}» er ikke filens navn")
        check_name(name)
        secret = base64.b64decode(str(data["nokkel"]), validate=True)
        if len(secret) != KEY_BYTES:
            raise ValueError(f"nøkkelen skal være {KEY_BYTES} byte")
    except (KeyError, ValueError, UsageError) as exc:
        raise WorkspaceError(f"{path} er ikke en gyldig kontornøkkel: {exc}.") from None
    return OfficeKey(name, office, str(data.get("laget", "")), secret, path)


def keys(ctx: AppContext) -> list[OfficeKey]:
    """Every key in the key folder, oldest first (by date made, then name)."""
    folder = key_folder(ctx)
    if not folder.is_dir():
        return []
    found = [read_key(p) for p in sorted(folder.glob(f"*{KEY_SUFFIX}")) if p.is_file()]
    return sorted(found, key=lambda k: (k.created, k.name))


def keys_of(ctx: AppContext, office: str) -> list[OfficeKey]:
    """The keys held for ``office`` (compared without case and æøå differences)."""
    wanted = fold(office)
    return [k for k in keys(ctx) if fold(k.office) == wanted]


def signing_key(ctx: AppContext, name: str | None = None) -> OfficeKey | None:
    """The key an export is signed with: ``name``, else ``[arkiv] nokkel``, else this
    office's newest key; None when this office has no key."""
    name = name or ctx.workspace.config.archive.signing_key
    if name:
        check_name(name)
        match = [k for k in keys(ctx) if k.name == name]
        if not match:
            raise UsageError(
                f"Finner ikke kontornøkkelen «{name}» i {key_folder(ctx)}. Se tilsyn "
                "arkivnokkel liste."
            )
        return match[0]
    own = keys_of(ctx, ctx.workspace.config.office_name)
    return own[-1] if own else None


def create_key(ctx: AppContext, name: str, *, office: str | None = None) -> OfficeKey:
    """Make a new random key file (readable by its owner only); never overwrites one."""
    from tilsyn.text import required_text

    check_name(name)
    office = required_text(
        office or ctx.workspace.config.office_name, where="--kontor", what="Kontoret"
    )
    folder = key_folder(ctx)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from tilsyn.files import os_error

        raise os_error(exc, folder, "nøkkelmappen") from None
    path = folder / f"{name}{KEY_SUFFIX}"
    secret = secrets.token_bytes(KEY_BYTES)
    text = (
        "# tilsyn kontornøkkel – HEMMELIG. Del den bare med kontorer som skal kunne\n"
        "# kontrollere (og lage) arkivpakker fra dette kontoret, og aldri sammen med en pakke.\n"
        f'format = "{KEY_FORMAT}"\n'
        f'navn = "{name}"\n'
        f"kontor = {_toml_string(office)}\n"
        f'laget = "{date.today().isoformat()}"\n'
        f'nokkel = "{base64.b64encode(secret).decode()}"\n'
    )
    # O_EXCL: never overwrite a key (an overwritten key cannot verify older packages).
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(
            f"Kontornøkkelen {path} finnes allerede; en nøkkel blir aldri erstattet. Velg et "
            "nytt navn (for eksempel neste løpenummer)."
        ) from None
    except OSError as exc:
        from tilsyn.files import os_error

        raise os_error(exc, path, "kontornøkkelen") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        path.unlink(missing_ok=True)
        from tilsyn.files import os_error

        raise os_error(exc, path, "kontornøkkelen") from None
    return read_key(path)


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


__all__ = [
    "OfficeKey",
    "check_name",
    "create_key",
    "key_folder",
    "keys",
    "keys_of",
    "read_key",
    "signing_key",
]
