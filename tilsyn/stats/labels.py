"""Headings, titles and footnotes of the statistics tables, in bokmål and nynorsk."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "bokmal": {
        "total": "Totalt",
        "year": "År",
        "audits": "Tilsyn",
        "munis": "Kommuner",
        "munis_lb": "Kommuner med lovbrudd",
        "lb": "Lovbrudd",
        "lb_per_audit": "Lovbrudd per tilsyn",
        "checklist": "Sjekkliste",
        "theme": "Tema",
        "subtheme": "Deltema",
        "theme_total": "Alle deltema",
        "office": "Kontor",
        "req": "Krav",
        "req_title": "Tittel",
        "assessed": "Kommuner vurdert",
        "share_lb": "Andel kommuner med lovbrudd",
        "question": "Spørsmål",
        "question_text": "Tekst",
        "breach_answers": "Svar med brudd",
        "final_year": "År (endelig rapport)",
        "closed": "Lukket",
        "median": "Median dager",
        "by_first": "Lukket innen første frist",
        "moved": "Frist flyttet",
        "followups": "Nye tilsyn etter lovbrudd",
        "again": "Lovbrudd igjen",
        "share_again": "Andel gjentatt",
        "change": "Endring",
        "period": "Periode",
        "share_yes": "Andel ja",
        "previous": "Forrige måling",
        "change_prev": "Endring fra forrige måling",
        "pairs": "Egenvurderinger med tilsyn",
        "found": "Lovbrudd funnet",
        "believed": "Svarte ja likevel",
        "share_believed": "Andel som svarte ja",
        "t.audits": "Antall tilsyn og lovbrudd",
        "t.themes": "Tilsyn og lovbrudd per tema og deltema",
        "t.requirements": "Lovbrudd per krav",
        "t.offices": "Tilsyn og lovbrudd per kontor",
        "t.questions": "Lovbrudd per kontrollspørsmål",
        "t.closure": "Tid fra endelig rapport til lukking av lovbrudd",
        "t.repeat": "Gjentatte lovbrudd ved nytt tilsyn i samme kommune og tema",
        "t.self": "Egenvurdering: andel kommuner som svarte ja",
        "t.self_change": "Egenvurdering: endring fra måling til måling",
        "t.calibration": "Egenvurdering mot tilsynets konklusjon",
        "fn.suppressed": "«:» = prikket: tallet bygger på færre enn {n} kommuner og vises ikke.",
        "fn.secondary": "Noen tall er også prikket fordi de ellers kunne regnes ut fra totalen.",
        "fn.lb_per_audit": "Lovbrudd per tilsyn: antall krav konkludert med lovbrudd delt på "
        "antall tilsyn.",
        "fn.offices": "Kontoret er embetet som hadde ansvaret for kommunen det året, med "
        "navnet det hadde da (kontorregisteret).",
        "fn.closure": "Andelen lukket innen første frist regnes av lovbrudd som er lukket "
        "eller har passert den første fristen.",
        "fn.imported_orders": "Importert historikk har ingen registrerte pålegg og er ikke med "
        "i denne tabellen.",
        "fn.imported_answers": "Importert historikk har bare konklusjoner per krav, ikke svar "
        "per spørsmål, og er ikke med i denne tabellen.",
        "fn.repeat": "Samme kommune er samme kommunenummer (også etter et rent nytt nummer); "
        "en sammenslått kommune er en ny kommune.",
        "fn.self": "Endring: fra første til siste år med tall, i prosentpoeng (p.p.). Per "
        "kommune og år teller den siste egenvurderingen som har svar.",
        "fn.self_change": "Endringen regnes fra forrige måling, som kan ligge mer enn ett år "
        "tilbake når et år mangler.",
        "fn.calibration": "Andel som svarte ja: av kommunene der tilsynet fant lovbrudd på "
        "spørsmålet, andelen som hadde svart ja i egenvurderingen.",
        "fn.questions": "Lovbrudd: kravet er konkludert med lovbrudd og minst ett svar på "
        "spørsmålet viser brudd.",
        "fn.calibration_imported": "For importert historikk (uten svar per spørsmål) regnes "
        "lovbrudd på kravet som lovbrudd på hvert av spørsmålene under det.",
    },
    "nynorsk": {
        "total": "Totalt",
        "year": "År",
        "audits": "Tilsyn",
        "munis": "Kommunar",
        "munis_lb": "Kommunar med lovbrot",
        "lb": "Lovbrot",
        "lb_per_audit": "Lovbrot per tilsyn",
        "checklist": "Sjekkliste",
        "theme": "Tema",
        "subtheme": "Deltema",
        "theme_total": "Alle deltema",
        "office": "Kontor",
        "req": "Krav",
        "req_title": "Tittel",
        "assessed": "Kommunar vurderte",
        "share_lb": "Del kommunar med lovbrot",
        "question": "Spørsmål",
        "question_text": "Tekst",
        "breach_answers": "Svar med brot",
        "final_year": "År (endeleg rapport)",
        "closed": "Lukka",
        "median": "Median dagar",
        "by_first": "Lukka innan første frist",
        "moved": "Frist flytta",
        "followups": "Nye tilsyn etter lovbrot",
        "again": "Lovbrot igjen",
        "share_again": "Del gjentekne",
        "change": "Endring",
        "period": "Periode",
        "share_yes": "Del ja",
        "previous": "Førre måling",
        "change_prev": "Endring frå førre måling",
        "pairs": "Eigenvurderingar med tilsyn",
        "found": "Lovbrot funne",
        "believed": "Svarte ja likevel",
        "share_believed": "Del som svarte ja",
        "t.audits": "Tal på tilsyn og lovbrot",
        "t.themes": "Tilsyn og lovbrot per tema og deltema",
        "t.requirements": "Lovbrot per krav",
        "t.offices": "Tilsyn og lovbrot per kontor",
        "t.questions": "Lovbrot per kontrollspørsmål",
        "t.closure": "Tid frå endeleg rapport til lukking av lovbrot",
        "t.repeat": "Gjentekne lovbrot ved nytt tilsyn i same kommune og tema",
        "t.self": "Eigenvurdering: del kommunar som svarte ja",
        "t.self_change": "Eigenvurdering: endring frå måling til måling",
        "t.calibration": "Eigenvurdering mot konklusjonen frå tilsynet",
        "fn.suppressed": "«:» = prikka: talet byggjer på færre enn {n} kommunar og blir "
        "ikkje vist.",
        "fn.secondary": "Nokre tal er òg prikka fordi dei elles kunne reknast ut frå totalen.",
        "fn.lb_per_audit": "Lovbrot per tilsyn: talet på krav konkluderte med lovbrot delt på "
        "talet på tilsyn.",
        "fn.offices": "Kontoret er embetet som hadde ansvaret for kommunen det året, med "
        "namnet det hadde då (kontorregisteret).",
        "fn.closure": "Delen lukka innan første frist er rekna av lovbrot som er lukka "
        "eller har passert den første fristen.",
        "fn.imported_orders": "Importert historikk har ingen registrerte pålegg og er ikkje med "
        "i denne tabellen.",
        "fn.imported_answers": "Importert historikk har berre konklusjonar per krav, ikkje svar "
        "per spørsmål, og er ikkje med i denne tabellen.",
        "fn.repeat": "Same kommune er same kommunenummer (også etter eit reint nytt nummer); "
        "ein samanslått kommune er ein ny kommune.",
        "fn.self": "Endring: frå første til siste år med tal, i prosentpoeng (p.p.). Per "
        "kommune og år tel den siste eigenvurderinga som har svar.",
        "fn.self_change": "Endringa er rekna frå førre måling, som kan liggje meir enn eitt år "
        "tilbake når eit år manglar.",
        "fn.calibration": "Del som svarte ja: av kommunane der tilsynet fann lovbrot på "
        "spørsmålet, delen som hadde svart ja i eigenvurderinga.",
        "fn.questions": "Lovbrot: kravet er konkludert med lovbrot og minst eitt svar på "
        "spørsmålet viser brot.",
        "fn.calibration_imported": "For importert historikk (utan svar per spørsmål) blir "
        "lovbrot på kravet rekna som lovbrot på kvart av spørsmåla under det.",
    },
}
