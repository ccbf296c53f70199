"""The shared fixture builds a complete, concluded audit."""


def test_scored_audit_has_findings(session, scored_audit):
    s = session.summary(scored_audit)
    assert s["fremdrift"]["besvart"] == s["fremdrift"]["totalt"]
    outcomes = {f["krav"]: f["bekreftet"] for f in s["funn"]}
    assert outcomes["B1"] == "lovbrudd"
    assert outcomes["B4"] == "lovbrudd"
    assert outcomes["B2"] == "ingen"
    assert session.store.verify_log(f"tilsyn:{s['uid']}") == []
