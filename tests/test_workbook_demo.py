"""The workbook demo step runs on the demo's audit (after scoring)."""

from __future__ import annotations

from tilsyn.app import demo
from tilsyn.app.context import AppContext
from tilsyn.app.demo_workbook import demo_step


def test_demo_step(tmp_path):
    folder = tmp_path / "demo"
    demo.prepare_folder(folder, replace=False)
    from tilsyn.workspace import init_workspace

    ws = demo.configure_office(init_workspace(folder, office="Statsforvalteren i Agder"))
    ctx = demo.DemoContext(folder, AppContext(ws, user_override=demo.DEMO_USER))
    for step in (demo.plan_and_notify, demo.collect_evidence, demo.score):
        list(step(ctx))
    lines = list(demo_step(ctx))
    text = "\n".join(lines)
    assert "Arbeidsbok importert" in text and "Egenvurdering lest inn" in text
    assert len(ctx.self_assessment_ids) == 1
    assert (folder / f"arbeidsbok-tilsyn-{ctx.audit_id}.xlsx").exists()
    assert (folder / f"egenvurdering-{ctx.self_assessment_ids[0]}.docx").exists()
    entries = ctx.app.store.log.entries(
        f"tilsyn:{ctx.app.store.audits.view(ctx.audit_id).audit.uid}"
    )
    assert any(e.action == "import arbeidsbok" for e in entries)
