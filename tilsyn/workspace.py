"""The workspace: a folder with tilsyn.toml, the SQLite database and an output folder.

Commands find it from ``--arbeidsomrade``/``TILSYN_HOME`` or by searching upwards from
the current directory for ``tilsyn.toml``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tilsyn.errors import UsageError, WorkspaceError

CONFIG_NAME = "tilsyn.toml"
DB_NAME = "tilsyn.db"
CONFIG_FORMAT = 1


@dataclass(frozen=True)
class Signatory:
    """A person at the office who may sign letters and reports (``[[underskrivere]]``):
    documents are signed by the audit's team, with the titles given here."""

    name: str
    title: str
    title_nynorsk: str | None = None
    """The title in nynorsk (``tittel_nynorsk``); when not given, documents derive it
    (seniorrådgiver → seniorrådgjevar)."""


@dataclass(frozen=True)
class HistoricalName:
    """The office's contact details in a range of years where they differed from today's
    (None: today's). ``[[kontor.historiske_navn]]`` in tilsyn.toml.

    ``name`` is read for compatibility with older workspaces but no longer used in
    documents: the office's name on a date comes from the office register
    (:mod:`tilsyn.reference`)."""

    from_year: int
    to_year: int
    name: str | None = None
    department: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Contact:
    """The office's letterhead details for one year."""

    department: str
    address: str
    email: str
    phone: str


@dataclass(frozen=True)
class AppealSetting:
    """The appeal body the office has confirmed for a period (``[[kontor.klageinstanser]]``)."""

    valid_from: date | None
    """First day (None: from the start)."""
    valid_to: date | None
    """Last day (None: still in force)."""
    name: str
    name_nynorsk: str | None = None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def name_in(self, *, nynorsk: bool) -> str:
        return (self.name_nynorsk or self.name) if nynorsk else self.name


@dataclass(frozen=True)
class ArchiveSettings:
    """``[arkiv]`` in tilsyn.toml: the office keys that authenticate archive packages
    (docs/arkivformat.md). Keys are files, never in the database."""

    key_folder: str | None = None
    """Folder of the key files (``nokkelmappe``); default ``nokler/`` in the workspace."""
    signing_key: str | None = None
    """The key exports are signed with (``nokkel``); default the newest key of this office."""
    require_key: bool = False
    """Refuse every package without a valid tag from a known key (``krev_nokkel``)."""


@dataclass(frozen=True)
class Config:
    """Settings from tilsyn.toml (all user text in Norwegian)."""

    office_name: str = "Statsforvalteren i Agder"
    office_name_nynorsk: str | None = None
    office_id: str | None = None
    """The office's id in the office register (``sf-agder``); older workspaces have only
    the name, which is then looked up in the register."""
    department: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    historical_names: tuple[HistoricalName, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    user: str | None = None
    documentation_weeks: int = 3
    comment_weeks: int = 2
    rectification_weeks: int = 4
    christmas_eve_closed: bool = False
    new_years_eve_closed: bool = False
    db_url: str | None = None
    language_overrides: dict[str, str] = field(default_factory=dict)
    appeal_body: str = ""
    """One appeal body for every period (``[kontor] klageinstans``); periods in
    ``appeal_bodies`` take precedence."""
    appeal_bodies: tuple[AppealSetting, ...] = ()
    logo: str | None = None
    """The letterhead's logo (``[kontor] logo``): a PNG or JPEG file, relative to the
    workspace or absolute; checked when a document is made."""
    electronic_approval: bool = False
    """Letters say «Dokumentet er elektronisk godkjent» under the signatures
    (``[kontor] elektronisk_godkjent``): only for an office that approves documents
    electronically instead of signing them by hand."""

    def signatory(self, name: str) -> Signatory | None:
        """The office's settings for a person named ``name`` (spaces and case ignored)."""
        key = " ".join(name.split()).casefold()
        for s in self.signatories:
            if " ".join(s.name.split()).casefold() == key:
                return s
        return None

    def appeal_on(self, day: date, *, nynorsk: bool = False) -> str:
        """The appeal body the office has set for ``day`` ("" when none)."""
        for setting in self.appeal_bodies:
            if setting.covers(day):
                return setting.name_in(nynorsk=nynorsk)
        return self.appeal_body.strip()

    archive: ArchiveSettings = field(default_factory=lambda: ArchiveSettings())

    def contact_for_year(self, year: int) -> Contact:
        """Department, address, e-mail and phone as they were in ``year``."""
        for h in self.historical_names:
            if h.from_year <= year <= h.to_year:
                return Contact(
                    h.department or self.department,
                    h.address or self.address,
                    h.email or self.email,
                    h.phone or self.phone,
                )
        return Contact(self.department, self.address, self.email, self.phone)

    def office_for_year(self, year: int, *, nynorsk: bool = False) -> str:
        """The workspace office's name in ``year`` (on 1 July) from the office register.

        Where the register cannot say (an office that was two before a merger, or a name
        the register does not know), the name configured for that year in
        ``historiske_navn``, else today's name. Documents to a municipality use the office
        responsible for it on their date instead (:func:`tilsyn.app.legal.resolve_frame`).
        """
        from tilsyn.errors import TilsynError
        from tilsyn.reference import find_office, office_on

        try:
            office = find_office(self.office_id or self.office_name)
            return office_on(office.id, date(year, 7, 1)).name_in(nynorsk=nynorsk)
        except TilsynError:
            pass
        name = self.office_name
        for h in self.historical_names:
            if h.from_year <= year <= h.to_year and h.name:
                name = h.name
                break
        if nynorsk:
            if name == self.office_name and self.office_name_nynorsk:
                return self.office_name_nynorsk
            return name.replace("Statsforvalteren", "Statsforvaltaren")
        return name


@dataclass(frozen=True)
class Workspace:
    """An opened workspace."""

    root: Path
    config: Config

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def output_dir(self) -> Path:
        return self.root / "utdata"

    @property
    def sent_dir(self) -> Path:
        """Copies of sent documents (immutable)."""
        return self.root / "sendt"

    @property
    def checklists_dir(self) -> Path:
        return self.root / "sjekklister"

    @property
    def templates_dir(self) -> Path:
        return self.root / "maler"

    def db_url(self, override: str | None = None) -> str:
        """The database URL: ``--db``/TILSYN_DB_URL, then tilsyn.toml, then the SQLite file."""
        if override:
            return override
        if self.config.db_url:
            return self.config.db_url
        return "sqlite:///" + self.db_path.resolve().as_posix()


def _table(data: dict, key: str, source: Path) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise WorkspaceError(f"{source}: [{key}] skal være en tabell.")
    return value


def _list(table: dict, key: str, source: Path, section: str) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        where = f"[{section}] {key}" if section else key
        raise WorkspaceError(f"{source}: {where} skal være en liste ([[{key}]]-tabeller).")
    return value


def _typed(table: dict, key: str, kind: type, default, source: Path, section: str):
    value = table.get(key, default)
    if value is None and default is None:
        return None
    if kind is int and isinstance(value, bool):
        value = "bool"
    if not isinstance(value, kind):
        expected = {int: "et heltall", str: "tekst"}.get(kind, "true eller false")
        raise WorkspaceError(f"{source}: [{section}] {key} skal være {expected}.")
    return value


MAX_CONFIG_BYTES = 1_000_000
"""The largest tilsyn.toml read (the default is 2 kB)."""
MAX_CONFIG_DEPTH = 8
"""The deepest nesting of tables and arrays in tilsyn.toml (the format needs 3)."""
MAX_CONFIG_TEXT = 2_000
"""The longest text value in tilsyn.toml (an address, a name)."""


def _check_values(value: object, where: str, path: Path, depth: int = 0) -> None:
    """Every text in the configuration passes the text door (no identity numbers, no text
    longer than :data:`MAX_CONFIG_TEXT`); nesting deeper than the format needs is refused."""
    from tilsyn.errors import TilsynError
    from tilsyn.text import guard_text

    if depth > MAX_CONFIG_DEPTH:
        raise WorkspaceError(
            f"{path}: {where or 'innstillingene'} er nestet dypere enn {MAX_CONFIG_DEPTH} nivåer; "
            "tilsyn.toml trenger langt færre. Rett filen (se formatet i tilsyn init)."
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _check_values(item, f"{where}.{key}" if where else str(key), path, depth + 1)
    elif isinstance(value, list):
        for n, item in enumerate(value, start=1):
            _check_values(item, f"{where} nr. {n}", path, depth + 1)
    elif isinstance(value, str):
        try:
            guard_text(value, where=f"{path}: {where}", max_length=MAX_CONFIG_TEXT)
        except TilsynError as exc:
            exc.message = exc.message.replace("Ingenting ble lagret.", "Rett tilsyn.toml.")
            raise


def read_config(path: Path) -> Config:
    """Read and check tilsyn.toml; problems name the file and key.

    The file must be UTF-8 text of at most :data:`MAX_CONFIG_BYTES` (a binary or invalid
    file names the line and byte), nested at most :data:`MAX_CONFIG_DEPTH` levels, and
    every text in it passes :func:`tilsyn.text.guard_text`.
    """
    from tilsyn.text import read_text_file

    try:
        text = read_text_file(path, what="innstillingsfilen", max_bytes=MAX_CONFIG_BYTES)
    except UsageError as exc:
        raise WorkspaceError(exc.message) from None
    if "\x00" in text:
        raise WorkspaceError(
            f"{path}: filen inneholder binære data (NUL-tegn på linje "
            f"{text.count(chr(10), 0, text.index(chr(0))) + 1}) og er ikke en tilsyn.toml. "
            "Legg tilbake filen fra en sikkerhetskopi, eller lag den på nytt (tilsyn init i en "
            "tom mappe viser formatet)."
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: ugyldig TOML ({exc}).") from None
    except RecursionError:
        raise WorkspaceError(
            f"{path}: innstillingene er nestet for dypt (lister eller tabeller i tusenvis av "
            "nivåer) og kan ikke leses. Rett filen."
        ) from None
    _check_values(data, "", path)
    office = _table(data, "kontor", path)
    deadlines = _table(data, "frister", path)
    calendar = _table(data, "kalender", path)
    db = _table(data, "database", path)
    user = _table(data, "bruker", path)
    history = []
    for i, h in enumerate(_list(office, "historiske_navn", path, "kontor")):
        if not isinstance(h, dict):
            raise WorkspaceError(
                f"{path}: kontor.historiske_navn nr. {i + 1} må ha fra, til og navn."
            )
        try:
            history.append(
                HistoricalName(
                    int(h["fra"]),
                    int(h["til"]),
                    *(
                        str(h[k]) if h.get(k) else None
                        for k in ("navn", "avdeling", "adresse", "epost", "telefon")
                    ),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise WorkspaceError(
                f"{path}: kontor.historiske_navn nr. {i + 1} må ha fra og til (årstall)."
            ) from None
    appeal_bodies = _appeal_settings(office, path)
    signatories = []
    for i, s in enumerate(_list(data, "underskrivere", path, "")):
        try:
            nn = s.get("tittel_nynorsk")
            if nn is not None and (not isinstance(nn, str) or not nn.strip()):
                raise WorkspaceError(
                    f"{path}: underskrivere nr. {i + 1}: tittel_nynorsk skal være tekst "
                    '(f.eks. tittel_nynorsk = "seniorrådgjevar").'
                )
            signatories.append(
                Signatory(
                    str(s["navn"]).strip(), str(s["tittel"]).strip(), nn.strip() if nn else None
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise WorkspaceError(
                f"{path}: underskrivere nr. {i + 1} må ha navn og tittel."
            ) from None
    overrides = _table(data, "malform", path)
    from tilsyn.text import choose

    lang = {}
    for number, value in overrides.items():
        try:
            lang[str(number)] = choose(
                str(value), ["bokmal", "nynorsk", "noytral", "ukjent"], what="målform"
            )
        except UsageError:
            raise WorkspaceError(
                f"{path}: [malform] «{number}» = «{value}»: gyldige verdier er bokmal, nynorsk, "
                "noytral og ukjent."
            ) from None
    for key in ("dokumentasjon_uker", "uttalelse_uker", "retting_uker"):
        v = deadlines.get(key, 1)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 < v <= 52:
            raise WorkspaceError(f"{path}: [frister] {key} skal være et helt antall uker (1–52).")
    office_id = office.get("id")
    if office_id is not None and (not isinstance(office_id, str) or not office_id.strip()):
        raise WorkspaceError(f"{path}: [kontor] id skal være kontorets id, f.eks. «sf-agder».")
    return Config(
        office_name=_typed(office, "navn", str, Config.office_name, path, "kontor"),
        office_name_nynorsk=_typed(office, "navn_nynorsk", str, None, path, "kontor"),
        office_id=office_id.strip() if office_id else None,
        department=_typed(office, "avdeling", str, "", path, "kontor"),
        address=_typed(office, "adresse", str, "", path, "kontor"),
        email=_typed(office, "epost", str, "", path, "kontor"),
        phone=_typed(office, "telefon", str, "", path, "kontor"),
        historical_names=tuple(history),
        signatories=tuple(signatories),
        user=_typed(user, "navn", str, None, path, "bruker"),
        documentation_weeks=deadlines.get("dokumentasjon_uker", 3),
        comment_weeks=deadlines.get("uttalelse_uker", 2),
        rectification_weeks=deadlines.get("retting_uker", 4),
        christmas_eve_closed=_typed(calendar, "julaften_stengt", bool, False, path, "kalender"),
        new_years_eve_closed=_typed(calendar, "nyttarsaften_stengt", bool, False, path, "kalender"),
        db_url=_typed(db, "url", str, None, path, "database"),
        language_overrides=lang,
        appeal_body=_typed(office, "klageinstans", str, "", path, "kontor"),
        appeal_bodies=appeal_bodies,
        logo=(_typed(office, "logo", str, None, path, "kontor") or "").strip() or None,
        electronic_approval=_typed(office, "elektronisk_godkjent", bool, False, path, "kontor"),
        archive=_archive_settings(_table(data, "arkiv", path), path),
    )


def _archive_settings(table: dict, path: Path) -> ArchiveSettings:
    known = {"nokkelmappe", "nokkel", "krev_nokkel"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise WorkspaceError(
            f"{path}: [arkiv] {unknown[0]} er ukjent (gyldige: nokkelmappe, nokkel, krev_nokkel)."
        )
    return ArchiveSettings(
        key_folder=_typed(table, "nokkelmappe", str, None, path, "arkiv"),
        signing_key=_typed(table, "nokkel", str, None, path, "arkiv"),
        require_key=_typed(table, "krev_nokkel", bool, False, path, "arkiv"),
    )


def _toml_date(value: object, where: str, path: Path) -> date | None:
    """A TOML date (``2022-01-01``) or the same as text; None when absent."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise WorkspaceError(
            f"{path}: {where} = «{value}» er ikke en dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2022-01-01."
        ) from None


def _appeal_settings(office: dict, path: Path) -> tuple[AppealSetting, ...]:
    """``[[kontor.klageinstanser]]``: the appeal body per period, without overlaps."""
    raw = office.get("klageinstanser", [])
    if not isinstance(raw, list):
        raise WorkspaceError(f"{path}: [[kontor.klageinstanser]] skal være en liste av tabeller.")
    settings: list[AppealSetting] = []
    for i, item in enumerate(raw, start=1):
        where = f"kontor.klageinstanser nr. {i}"
        if not isinstance(item, dict):
            raise WorkspaceError(f"{path}: {where} skal være en tabell med fra, til og navn.")
        name = item.get("navn")
        if not isinstance(name, str) or not name.strip():
            raise WorkspaceError(
                f"{path}: {where} mangler navn (klageinstansen slik vedtaket skal nevne den)."
            )
        nn = item.get("navn_nynorsk")
        if nn is not None and (not isinstance(nn, str) or not nn.strip()):
            raise WorkspaceError(f"{path}: {where}: navn_nynorsk skal være tekst.")
        start = _toml_date(item.get("fra"), f"{where} fra", path)
        end = _toml_date(item.get("til"), f"{where} til", path)
        if start and end and end < start:
            raise WorkspaceError(f"{path}: {where}: til ({end}) er før fra ({start}).")
        setting = AppealSetting(start, end, name.strip(), nn.strip() if nn else None)
        for other in settings:
            lo = max(start or date.min, other.valid_from or date.min)
            hi = min(end or date.max, other.valid_to or date.max)
            if lo <= hi:
                raise WorkspaceError(
                    f"{path}: {where} overlapper med «{other.name}» ({lo.isoformat()}); "
                    "periodene for klageinstans kan ikke overlappe."
                )
        settings.append(setting)
    return tuple(settings)


DEFAULT_CONFIG = """\
# tilsyn.toml — innstillinger for arbeidsområdet (formatversjon 1)
format = 1

[kontor]
# Kontoret i kontorregisteret (tilsyn init --kontor). Navnet i brev og rapporter hentes fra
# registeret for dokumentets dato og kommunen (Fylkesmannen i … før 2021).
id = {office_id}
navn = {office_name}
navn_nynorsk = {office_name_nn}
# Kontaktopplysningene i brevhodet. tilsyn kan ikke vite dem: fyll dem inn før du lager
# dokumenter (kvalitetskontrollen sier fra om det som mangler).
avdeling = ""
adresse = ""
epost = ""
telefon = ""
# Logo i brevhodet på første side (PNG eller JPEG, høyst 1 MB), sti i arbeidsområdet:
# logo = "logo.png"
# true: brevene får linjen «Dokumentet er elektronisk godkjent» under underskriftene
# (bare for kontor som godkjenner dokumenter elektronisk i stedet for å signere for hånd).
elektronisk_godkjent = false

# Kontaktopplysninger i tidligere år, når de var andre enn i dag (brukes i dokumenter
# datert de årene fra dette embetet eller forgjengerne, f.eks. Fylkesmannen i …).
# [[kontor.historiske_navn]]
# fra = 2016
# til = 2018
# adresse = "…"
# epost = "…"

# Klageinstansen for vedtak om pålegg, per periode. Vedtaket skal nevne klageinstansen
# (forvaltningsloven § 27 tredje ledd), og kvalitetskontrollen stopper dokumenter som
# inneholder eller varsler et vedtak, til klageinstansen er satt for dokumentets dato.
# KONTORET MÅ SELV BEKREFTE hvilket organ som er klageinstans (docs/rettskilder.md § 6).
# Forslagene under er departementet som hadde ansvaret for integrering i perioden; de er
# IKKE bekreftet. Fjern # foran en periode når kontoret har bekreftet den, eller skriv
# inn riktig organ. (Én klageinstans for alle perioder: klageinstans = "…" under [kontor].)
{appeal_suggestions}
# Medarbeiderne som kan underskrive. Brev og rapporter underskrives av tilsynslederen og
# en annen i tilsynsgruppen (tilsyn opprett --tilsynsleder/--revisor), med titlene her.
# tittel_nynorsk brukes i dokumenter på nynorsk (ellers lages den av tittelen).
[[underskrivere]]
navn = "Kari Nordmann"
tittel = "avdelingsdirektør"

[[underskrivere]]
navn = "Ola Hansen"
tittel = "seniorrådgiver"
tittel_nynorsk = "seniorrådgjevar"

[bruker]
# Navnet som står i loggen når --bruker ikke er gitt (ellers brukes OS-brukeren).
# navn = "Ola Hansen"

[frister]
dokumentasjon_uker = 3   # frist for dokumentasjon etter varsel
uttalelse_uker = 2       # frist for uttalelse etter foreløpig rapport
retting_uker = 4         # standard rettefrist etter endelig rapport

[kalender]
julaften_stengt = false      # regnes 24. desember som arbeidsdag?
nyttarsaften_stengt = false  # regnes 31. desember som arbeidsdag?

[malform]
# Rett målform for en kommune: "4204" = "bokmal" (bokmal, nynorsk, noytral, ukjent)

[database]
# url = "postgresql+psycopg://tilsyn@localhost/tilsyn"  (standard: tilsyn.db i denne mappen)

[arkiv]
# Kontornøkler som autentiserer arkivpakker (se docs/arkivformat.md og
# «tilsyn arkivnokkel lag»). Nøklene er filer, aldri i databasen.
# nokkelmappe = "nokler"    # standard: nokler/ i arbeidsområdet
# nokkel = "sfag-2026-1"    # nøkkelen eksport signerer med (standard: kontorets nyeste)
# krev_nokkel = false       # true: avvis alle pakker uten gyldig kontornøkkel
"""


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _appeal_suggestions() -> str:
    """The register's appeal bodies as commented-out ``[[kontor.klageinstanser]]`` tables."""
    from tilsyn.reference import appeal_bodies

    blocks = []
    for body in appeal_bodies():
        lines = [
            "# [[kontor.klageinstanser]]   # forslag fra tilsyn, ikke bekreftet",
            f"# fra = {body.valid_from.isoformat()}",
        ]
        if body.valid_to is not None:
            lines.append(f"# til = {body.valid_to.isoformat()}")
        lines.append(f"# navn = {_toml_string(body.name)}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


@dataclass(frozen=True)
class ChosenOffice:
    """The office ``init --kontor`` chose from the register."""

    id: str
    name: str
    name_nynorsk: str
    typed_name: str
    """The register's name for what the user typed (differs when the office was renamed
    or merged since: «Fylkesmannen i Hordaland» → Statsforvalteren i Vestland)."""


def choose_office(name: str, *, today: date | None = None) -> ChosenOffice:
    """The office a typed name means, as it is today; an unknown name is refused with the
    closest names (:class:`~tilsyn.errors.NotFoundError`)."""
    from tilsyn.errors import TilsynError
    from tilsyn.reference import find_office, office_on

    today = today or date.today()
    found = find_office(name, on=today)
    current = found
    if found.valid_to is not None and found.valid_to < today:
        try:
            current = office_on(found.id, today)
        except TilsynError:  # cannot follow it to one office today: keep the record
            current = found
    return ChosenOffice(current.id, current.name, current.name_nynorsk, found.name)


def default_config(office: ChosenOffice) -> str:
    """The text of a new workspace's tilsyn.toml for ``office``."""
    return DEFAULT_CONFIG.format(
        office_id=_toml_string(office.id),
        office_name=_toml_string(office.name),
        office_name_nn=_toml_string(office.name_nynorsk),
        appeal_suggestions=_appeal_suggestions(),
    )


def init_workspace(
    root: Path, *, office: str | ChosenOffice = "Statsforvalteren i Agder"
) -> Workspace:
    """Create a workspace in ``root`` for ``office`` (a name in the office register).

    Refuses to overwrite an existing tilsyn.toml, and an office name the register does not
    know (with suggestions); nothing is written then.
    """
    from tilsyn.files import NO_WORKSPACE, os_error, write_text
    from tilsyn.text import required_text

    root = Path(root)
    if isinstance(office, str):
        office = required_text(office, where="--kontor", what="Kontorets navn", max_length=200)
    if root.exists() and not root.is_dir():
        raise WorkspaceError(
            f"{root} finnes allerede og er en fil, ikke en mappe; velg en mappe for arbeidsområdet."
        )
    config = root / CONFIG_NAME
    if config.exists():
        raise WorkspaceError(f"{config} finnes allerede; arbeidsområdet er opprettet fra før.")
    chosen = office if isinstance(office, ChosenOffice) else choose_office(office)
    text = default_config(chosen)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, root, "arbeidsområdet") from None
    write_text(config, text, rules=NO_WORKSPACE, what=CONFIG_NAME)
    ws = Workspace(root.resolve(), read_config(config))
    for folder in (ws.output_dir, ws.sent_dir, ws.checklists_dir, ws.templates_dir):
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise os_error(exc, folder, "mappen") from None
    return ws


def find_root(start: Path | None = None, explicit: str | None = None) -> Path | None:
    """The workspace root: explicit/TILSYN_HOME, else the nearest folder with tilsyn.toml."""
    given = explicit or os.environ.get("TILSYN_HOME")
    if given:
        root = Path(given)
        if not (root / CONFIG_NAME).is_file():
            raise WorkspaceError(
                f"{root} er ikke et arbeidsområde (mangler {CONFIG_NAME}). "
                f"Opprett det med: tilsyn init {root}"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def open_workspace(explicit: str | None = None) -> Workspace:
    """Open the current workspace or raise WorkspaceError saying how to create one."""
    root = find_root(explicit=explicit)
    if root is None:
        raise WorkspaceError(
            f"Fant ikke noe arbeidsområde ({CONFIG_NAME}) i {Path.cwd()} eller mappene over. "
            "Opprett et med «tilsyn init MAPPE», gå til mappen, eller sett TILSYN_HOME."
        )
    return Workspace(root, read_config(root / CONFIG_NAME))


def optional_workspace(explicit: str | None = None) -> Workspace | None:
    """The current workspace if there is one (for commands that work without)."""
    root = find_root(explicit=explicit)
    return Workspace(root, read_config(root / CONFIG_NAME)) if root else None
