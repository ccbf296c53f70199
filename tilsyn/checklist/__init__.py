"""Checklists: the versioned YAML format, its loader and the registry of checklists."""

from tilsyn.checklist.loader import load_checklist, parse_checklist
from tilsyn.checklist.model import (
    AnswerOption,
    Checklist,
    ControlQuestion,
    LegalBasis,
    Requirement,
    Source,
    Theme,
    TransitionalRule,
)

__all__ = [
    "AnswerOption",
    "Checklist",
    "ControlQuestion",
    "LegalBasis",
    "Requirement",
    "Source",
    "Theme",
    "TransitionalRule",
    "load_checklist",
    "parse_checklist",
]
