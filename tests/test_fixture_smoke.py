"""The shared fixture builds a complete, concluded audit."""

from helpers import audit_rows, summary_of

from tilsyn.app.answers import write_answers


def test_scored_audit_has_findings(session, scored_audit):
    s = summary_of(session, scored_audit)
    assert s["fremdrift"]["besvart"] == s["fremdrift"]["totalt"]
    outcomes = {f["krav"]: f["bekreftet"] for f in s["funn"]}
    assert outcomes["B1"] == "lovbrudd"
    assert outcomes["B4"] == "lovbrudd"
    assert outcomes["B2"] == "ingen"
    assert session.store.log.verify(f"tilsyn:{s['uid']}") == []


def test_list_rows_agree_with_the_full_summary(session, scored_audit, cli):
    from tilsyn.audit.models import AnswerInput

    # A second, half-done audit with an "ikke vurdert" answer (which does not count).
    r = cli("opprett", "--kommune", "0938", "--sjekkliste", "individuell-plan")
    other = int(r.stdout)
    cli("hendelse", other, "varsel", "--dato", "2017-08-21")
    cli("utvalg", other, "--deltaker", "X1", "--deltaker", "X2")
    write_answers(
        session,
        other,
        [
            AnswerInput("B1.1", "X1", "ja"),
            AnswerInput("B1.1", "X2", "ikke vurdert"),
            AnswerInput("B1.6", "", "nei"),
        ],
    )
    rows = {row["id"]: row for row in audit_rows(session)}
    for aid in (scored_audit, other):
        full = summary_of(session, aid)
        assert rows[aid]["fremdrift"] == full["fremdrift"]
        assert rows[aid]["frister"] == full["frister"]
        assert rows[aid]["fase"] == full["fase"]
    assert rows[other]["fremdrift"]["besvart"] == 2
