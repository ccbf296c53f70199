"""Child process of the crash test of `hendelse endelig`: record the final report of one
audit and get killed on the way.

``python tests/procedure_crash.py ROOT URL AUDIT DATE POINT``: POINT is ``random`` (the
parent kills at a random moment after «ready») or the step after which the process
kills itself with SIGKILL, inside the event's transaction: ``event`` (the event row is
written), ``orders`` (the orders are opened), ``copy`` (the frozen copy is on disk),
``sent`` (the document is marked sent; only the commit is left).
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path


def _die_after(owner: object, name: str) -> None:
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapped)


def main(root: str, url: str, audit_id: int, when: date, point: str) -> None:
    import tilsyn.app.followup
    import tilsyn.files
    from tilsyn.app.audits import record_event
    from tilsyn.app.context import AppContext
    from tilsyn.store.audits import AuditRepository
    from tilsyn.store.documents import DocumentRepository
    from tilsyn.workspace import open_workspace

    s = AppContext(open_workspace(root), db_url_override=url, user_override="krasj")
    s.store.audits.get(audit_id)  # connect and migrate before «ready»
    targets = {
        "event": (AuditRepository, "add_event"),
        "orders": (tilsyn.app.followup, "open_violations"),
        "copy": (tilsyn.files, "write_bytes"),
        "sent": (DocumentRepository, "mark_sent"),
    }
    if point in targets:
        _die_after(*targets[point])
    print("ready", flush=True)
    record_event(s, audit_id, "endelig", when)
    print("done", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), date.fromisoformat(sys.argv[4]), sys.argv[5])
