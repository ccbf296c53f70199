"""Fixed texts of the self-assessment workbook and the shared sheet parts, in bokmål and
nynorsk.

The self-assessment form goes to the municipality, so for a nynorsk municipality every
title, column heading, instruction, answer option and drop-down message is nynorsk
(språklova). The auditor's workbook is the office's working tool and stays in the
office's language form (bokmål); it accepts answers typed in either form.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "bokmal": {
        "instructions_sheet": "Veiledning",
        "how_to": "Slik fyller du ut",
        "options": "Svaralternativer",
        "invalid_title": "Ugyldig verdi",
        "invalid": "Velg en verdi fra listen: {values}",
        "theme_title": "Tema {ref}: {title}",
        "self_title": "Egenvurdering: {title}",
        "self_help": "{sender} ber kommunen vurdere sin egen praksis ut fra "
        "kontrollspørsmålene på de neste arkene.",
        "self_theme_help": "Fyll inn de gule cellene. Veiledningen står til høyre.",
        "fact_municipality": "Kommune",
        "fact_checklist": "Sjekkliste",
        "fact_checklist_value": "{title} (versjon {version})",
        "fact_year": "År",
        "fact_from": "Fra",
        "fact_missing": "Mangler svar",
        "fact_missing_value": "Skjemaet er sendt tilbake fordi {n} spørsmål mangler svar: "
        "{refs}. Svarene dere allerede har gitt, står i skjemaet.",
        "sender": "Statsforvalteren",
        "step_answer": "Svar på hvert kontrollspørsmål i de gule cellene. Velg «{yes}» når "
        "kommunens praksis oppfyller kravet, «{no}» når den ikke gjør det, og «{na}» når "
        "spørsmålet ikke gjelder kommunen.",
        "step_explain": "Forklar kort hvordan kommunen arbeider (kolonnen {explain}), og vis "
        "til kommunens egne dokumenter (rutiner, maler, vedtak) i kolonnen {documents}.",
        "step_guidance": "Veiledningen til høyre er den samme som {sender} bruker ved tilsyn: "
        "den forklarer hva spørsmålet gjelder, hva tilsynet ser etter og når svaret er «{no}».",
        "step_participants": "Spørsmål som gjelder den enkelte deltaker, besvarer dere for "
        "kommunens praksis samlet.",
        "step_no_names": "Ikke skriv navn, fødselsnummer eller D-nummer på deltakere.",
        "step_no_changes": "Ikke endre arknavn, id-er eller spørsmålstekst, og ikke lim inn "
        "formler; filen kontrolleres når den leses inn.",
        "step_only_yellow": "Skriv bare i de gule cellene, og ikke sett inn eller slett rader. "
        "Tekst i andre celler, i nye rader eller i kommentarer kan ikke leses inn, og da "
        "får dere skjemaet tilbake.",
        "step_return": "Lagre filen som Excel-arbeidsbok (.xlsx) og send den tilbake til "
        "{sender}. Mangler det svar, får dere skjemaet tilbake med en liste over hva som "
        "mangler.",
        "doc_title": "Egenvurdering – {title} – {municipality}",
        "col_ref": "Ref",
        "col_question": "Kontrollspørsmål",
        "col_basis": "Hjemmel",
        "col_answer": "Svar",
        "col_explain": "Forklaring",
        "col_documents": "Kommunens dokumenter",
        "col_guidance": "Veiledning: dette ser tilsynet etter",
    },
    "nynorsk": {
        "instructions_sheet": "Rettleiing",
        "how_to": "Slik fyller du ut",
        "options": "Svaralternativ",
        "invalid_title": "Ugyldig verdi",
        "invalid": "Vel ein verdi frå lista: {values}",
        "theme_title": "Tema {ref}: {title}",
        "self_title": "Eigenvurdering: {title}",
        "self_help": "{sender} ber kommunen vurdere sin eigen praksis ut frå "
        "kontrollspørsmåla på dei neste arka.",
        "self_theme_help": "Fyll inn dei gule cellene. Rettleiinga står til høgre.",
        "fact_municipality": "Kommune",
        "fact_checklist": "Sjekkliste",
        "fact_checklist_value": "{title} (versjon {version})",
        "fact_year": "År",
        "fact_from": "Frå",
        "fact_missing": "Manglar svar",
        "fact_missing_value": "Skjemaet er sendt tilbake fordi {n} spørsmål manglar svar: "
        "{refs}. Svara de allereie har gitt, står i skjemaet.",
        "sender": "Statsforvaltaren",
        "step_answer": "Svar på kvart kontrollspørsmål i dei gule cellene. Vel «{yes}» når "
        "praksisen til kommunen oppfyller kravet, «{no}» når han ikkje gjer det, og «{na}» "
        "når spørsmålet ikkje gjeld kommunen.",
        "step_explain": "Forklar kort korleis kommunen arbeider (kolonnen {explain}), og vis "
        "til dokumenta til kommunen (rutinar, malar, vedtak) i kolonnen {documents}.",
        "step_guidance": "Rettleiinga til høgre er den same som {sender} bruker ved tilsyn: "
        "ho forklarer kva spørsmålet gjeld, kva tilsynet ser etter og når svaret er «{no}».",
        "step_participants": "Spørsmål som gjeld den einskilde deltakaren, svarer de på for "
        "praksisen til kommunen samla.",
        "step_no_names": "Ikkje skriv namn, fødselsnummer eller D-nummer på deltakarar.",
        "step_no_changes": "Ikkje endre arknamn, id-ar eller spørsmålstekst, og ikkje lim inn "
        "formlar; fila blir kontrollert når ho blir lesen inn.",
        "step_only_yellow": "Skriv berre i dei gule cellene, og ikkje set inn eller slett "
        "rader. Tekst i andre celler, i nye rader eller i kommentarar kan ikkje lesast inn, "
        "og då får de skjemaet tilbake.",
        "step_return": "Lagre fila som Excel-arbeidsbok (.xlsx) og send ho tilbake til "
        "{sender}. Manglar det svar, får de skjemaet tilbake med ei liste over kva som "
        "manglar.",
        "doc_title": "Eigenvurdering – {title} – {municipality}",
        "col_ref": "Ref",
        "col_question": "Kontrollspørsmål",
        "col_basis": "Heimel",
        "col_answer": "Svar",
        "col_explain": "Forklaring",
        "col_documents": "Dokument frå kommunen",
        "col_guidance": "Rettleiing: dette ser tilsynet etter",
    },
}
"""Every fixed text by key, per language form (both dictionaries have the same keys)."""


def language(malform: str | None) -> str:
    """``nynorsk`` for nynorsk (``nn`` accepted), else ``bokmal``."""
    return "nynorsk" if malform in ("nynorsk", "nn") else "bokmal"


def text(malform: str | None, key: str, **values: Any) -> str:
    """The fixed text ``key`` in ``malform``, with ``values`` filled in."""
    return TEXTS[language(malform)][key].format(**values)
