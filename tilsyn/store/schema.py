"""Database tables (SQLAlchemy Core). Only the store package imports SQLAlchemy.

Times are stored as UTC ISO-8601 text (identical on SQLite and PostgreSQL, and exact
for the log's hash chain); calendar dates as DATE. Constraint names follow a naming
convention so that Alembic batch migrations on SQLite can find them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

# The Alembic revision this code expects; a test keeps it equal to the migrations' head.
HEAD_REVISION = "0008"

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _ts(name: str, nullable: bool = False) -> Column:
    return Column(name, String(40), nullable=nullable)


# Added by migration 0003: every distinct checklist snapshot, stored once. The key is the
# sha256 of ``body`` (its UTF-8 bytes exactly as stored); rows are never changed or deleted.
# Audits and self-assessments point here (``checklist_sha256``): an audit stays pinned to
# the exact checklist it started with, whatever later happens to the checklist file.
checklist_snapshots = Table(
    "checklist_snapshots",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("checklist_id", String(60), nullable=False),
    Column("version", String(40), nullable=False),
    Column("body", Text, nullable=False),  # the checklist as compact JSON
    _ts("created_at"),
)

audits = Table(
    "audits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), nullable=False, unique=True),
    Column("municipality_number", String(4), nullable=False, index=True),
    Column("municipality_name", String(200), nullable=False),
    Column("county", String(100), nullable=False),
    Column("checklist_id", String(60), nullable=False, index=True),
    Column("checklist_version", String(40), nullable=False),
    Column(
        "checklist_sha256",
        String(64),
        ForeignKey("checklist_snapshots.sha256"),
        nullable=False,
    ),
    Column("case_number", String(40)),
    Column("title", String(300), nullable=False),
    Column("lead", String(200)),
    Column("auditors", Text, nullable=False, default="[]"),  # JSON list of names
    # kl1992 or kl2018: from the notice date (tilsyn.reference.regime_on) unless chosen
    Column("regime", String(20), nullable=False),
    Column("documentation_weeks", Integer),  # per-audit override of the workspace default
    Column("comment_weeks", Integer),
    Column("rectification_weeks", Integer),
    Column("status", String(20), nullable=False, default="planlagt"),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    # Added by migration 0005: None for an audit run in tilsyn; "importert" for closed,
    # read-only history loaded with `tilsyn historikk importer`, "syntetisk" for generated
    # data (tilsyn.audit.history.Origin). ``year`` is the audit's year where no notice
    # date says it (imported history).
    Column("origin", String(20)),
    Column("year", Integer),
    # Added by migration 0006: the planned notice date given at creation, the reason for
    # a chosen regime (empty: it follows the notice date), and use of the checklist
    # under a transitional rule after its period.
    Column("notice_planned", Date),
    Column("regime_reason", Text),
    Column("transitional", Boolean, nullable=False, default=False, server_default=false()),
    # Added by migration 0007: the anchor of the audit's log chain (``tilsyn:<uid>``), set
    # in the same transaction as every entry appended to it: the number of entries and the
    # hash of the newest. A deleted newest line no longer verifies (tilsyn logg --verifiser).
    Column("log_count", Integer),
    Column("log_head", String(64)),
    # Added by migration 0008: what a letter to the municipality needs. The postal address
    # as the auditor gave it (lines separated by «;»), the title after «v/» when the
    # municipality uses another than the law's, «Deres ref.», and the recipients of copies
    # (JSON list of text).
    Column("recipient_address", Text),
    Column("recipient_attention", String(200)),
    Column("their_reference", String(100)),
    Column("copy_to", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("note", Text),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("date", Date),
    Column("type", String(100)),
    Column("path", Text),
    Column("sha256", String(64)),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("audit_id", "number", name="uq_documents_audit_number"),
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(200), nullable=False),
    Column("date", Date, nullable=False),
    Column("name", String(200)),  # only when the office chooses to record names
    Column("note", Text),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    # Added by migration 0004: how many people took part (a group conversation is one
    # interview); NULL for interviews recorded before the count was kept.
    Column("people", Integer),
)

samples = Table(
    "samples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("method", String(20), nullable=False),  # tilfeldig | manuelt
    Column("seed", String(100)),
    Column("population_size", Integer),
    Column("population_file", Text),
    Column("population_sha256", String(64)),
    Column("requested", Integer),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    # Added by migration 0008: the criteria a manually chosen sample was chosen by.
    Column("criteria", Text),
    UniqueConstraint("audit_id", name="uq_samples_audit_id"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("pseudonym", String(100), nullable=False),
    Column("position", Integer, nullable=False),
    Column("data", Text, nullable=False, default="{}"),  # JSON: dates from the population list
    UniqueConstraint("audit_id", "pseudonym", name="uq_participants_audit_pseudonym"),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("question_ref", String(40), nullable=False),
    # '' for questions answered once for the municipality; else the participant's pseudonym
    Column("participant", String(100), nullable=False, default=""),
    Column("answer", String(60), nullable=False),
    Column("observation", Text),
    Column("sources", Text, nullable=False, default="[]"),  # JSON list of document numbers
    Column("proposed", String(60)),  # answer proposed by a computed check
    Column("proposed_note", Text),
    Column("override_reason", Text),
    _ts("updated_at"),
    Column("updated_by", String(200), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("audit_id", "question_ref", "participant", name="uq_answers_slot"),
)

conclusions = Table(
    "conclusions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_ref", String(40), nullable=False),
    Column("proposed", String(20)),
    Column("outcome", String(20), nullable=False),  # lovbrudd | merknad | ingen
    Column("practice", Text),
    Column("assessment", Text),
    Column("conclusion", Text),
    Column("reason", Text),  # required when outcome differs from the proposal
    _ts("updated_at"),
    Column("updated_by", String(200), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("audit_id", "requirement_ref", name="uq_conclusions_audit_requirement"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_ref", String(40)),  # None: a general comment
    Column("text", Text, nullable=False),  # the municipality's comment to the preliminary report
    Column("response", Text),  # the office's assessment of it
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

# Added by migration 0004: requirements scoped out of one audit (not part of it). A
# scoped requirement has no conclusion, so statistics do not count it as assessed.
scoped_requirements = Table(
    "scoped_requirements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_ref", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("audit_id", "requirement_ref", name="uq_scoped_requirements_audit_ref"),
)

# Added by migration 0004: remarks (merknader) with their own text, per requirement.
remarks = Table(
    "remarks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_ref", String(40), nullable=False),
    Column("text", Text, nullable=False),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

# Added by migration 0004: correction points the auditor added to an order (not linked to
# a question with a deviation) or left out of it (linked, but not to be ordered).
point_choices = Table(
    "point_choices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_ref", String(40), nullable=False),
    Column("point_ref", String(40), nullable=False),
    Column("action", String(20), nullable=False),  # legg_til | fjern
    Column("reason", Text, nullable=False),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("audit_id", "point_ref", name="uq_point_choices_audit_point"),
)

log_entries = Table(
    "log_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chain", String(60), nullable=False),  # "audit:<uid>", "egenvurdering:<uid>", "global"
    Column("seq", Integer, nullable=False),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="SET NULL")),
    _ts("at"),
    Column("user", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(200), nullable=False),
    Column("old", Text),  # JSON
    Column("new", Text),  # JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("chain", "seq", name="uq_log_entries_chain_seq"),
)

document_versions = Table(
    "document_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE")),
    Column("kind", String(30), nullable=False),  # varsel, forelopig, endelig, palegg, avslutning …
    Column("version", Integer, nullable=False),
    Column("language", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("sent", Boolean, nullable=False, default=False),
    Column("sent_at", String(40)),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("audit_id", "kind", "version", name="uq_document_versions_kind_version"),
)

violations = Table(
    "violations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("requirement_ref", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("order_text", Text, nullable=False),
    Column("regime", String(20), nullable=False),
    Column("plan_deadline", Date),  # kl1992: deadline for a plan of measures
    Column("rectification_deadline", Date, nullable=False),
    Column("feedback_deadline", Date, nullable=False),
    Column("status", String(30), nullable=False, default="apen"),
    Column("status_reason", Text),
    _ts("created_at"),
    _ts("closed_at", nullable=True),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("audit_id", "number", name="uq_violations_audit_number"),
)

correction_points = Table(
    "correction_points",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "violation_id", Integer, ForeignKey("violations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("ref_id", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("assessment", String(30)),  # None | rettet | ikke_tilstrekkelig
    Column("assessment_reason", Text),
    _ts("assessed_at", nullable=True),
    Column("assessed_by", String(200)),
    UniqueConstraint("violation_id", "ref_id", name="uq_correction_points_violation_ref"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "violation_id", Integer, ForeignKey("violations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("point_id", Integer, ForeignKey("correction_points.id", ondelete="CASCADE")),
    Column("received", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("document_refs", Text, nullable=False, default="[]"),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

deadline_changes = Table(
    "deadline_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "violation_id", Integer, ForeignKey("violations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("old_deadline", Date, nullable=False),
    Column("new_deadline", Date, nullable=False),
    Column("reason", Text, nullable=False),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

appeals = Table(
    "appeals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "violation_id", Integer, ForeignKey("violations.id", ondelete="CASCADE"), nullable=False
    ),
    Column("received", Date, nullable=False),
    Column("forwarded", Date),
    Column("outcome", String(30)),  # None (pending) | stadfestet | opphevet | endret
    Column("outcome_date", Date),
    Column("note", Text),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
)

self_assessments = Table(
    "self_assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), nullable=False, unique=True),
    Column("municipality_number", String(4), nullable=False, index=True),
    Column("municipality_name", String(200), nullable=False),
    Column("county", String(100), nullable=False),
    Column("checklist_id", String(60), nullable=False),
    Column("checklist_version", String(40), nullable=False),
    Column(
        "checklist_sha256",
        String(64),
        ForeignKey("checklist_snapshots.sha256"),
        nullable=False,
    ),
    Column("year", Integer, nullable=False),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="SET NULL")),
    Column("status", String(20), nullable=False, default="opprettet"),
    _ts("created_at"),
    Column("created_by", String(200), nullable=False),
    # Added by migration 0005: None, "importert" (a survey loaded with `tilsyn
    # egenvurdering importer-svar`) or "syntetisk".
    Column("origin", String(20)),
)

self_assessment_answers = Table(
    "self_assessment_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "self_assessment_id",
        Integer,
        ForeignKey("self_assessments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("question_ref", String(40), nullable=False),
    Column("answer", String(60), nullable=False),
    Column("explanation", Text),
    Column("document_refs", Text),
    _ts("updated_at"),
    Column("updated_by", String(200), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("self_assessment_id", "question_ref", name="uq_self_assessment_answers_slot"),
)

# Added by migration 0002: per-workspace corrections of a municipality's language form.
language_overrides = Table(
    "language_overrides",
    metadata,
    Column("municipality_number", String(4), primary_key=True),
    Column("language_form", String(10), nullable=False),
    _ts("updated_at"),
    Column("updated_by", String(200), nullable=False),
)

# Added by migration 0005: where an imported audit came from (one row per audit created by
# `tilsyn historikk importer`), and the office that ran it.
history_imports = Table(
    "history_imports",
    metadata,
    Column(
        "audit_id",
        Integer,
        ForeignKey("audits.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("batch", String(36), nullable=False, index=True),  # one uid per imported file
    Column("source", Text, nullable=False),  # the file name
    Column("sha256", String(64), nullable=False),
    Column("rows", Text, nullable=False),  # the file's row numbers, e.g. "2-4"
    Column("office_id", String(60), nullable=False),  # tilsyn.reference office id
    _ts("imported_at"),
    Column("imported_by", String(200), nullable=False),
)
