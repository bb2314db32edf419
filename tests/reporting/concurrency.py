"""Concurrent writers on one report: each thread has its own session (and so its own connection)."""

from __future__ import annotations

import json
import threading
import time

from data.reporting import ConflictError, get_report, open_session, update_report
from data.reporting.audit import audit_frame

WRITERS = 20


def _run(engine, editors, work) -> dict:
    barrier = threading.Barrier(len(editors))
    results: list[dict] = [None] * len(editors)

    def thread(i):
        out = {"stored": 0, "refused": 0, "messages": [], "errors": []}
        with open_session(engine) as s:
            barrier.wait()
            try:
                work(s, i, editors[i], out)
            except Exception as e:  # anything but a conflict is a failure of the test
                out["errors"].append(repr(e))
        results[i] = out

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(len(editors))]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    seconds = time.perf_counter() - t0
    return {
        "stored": sum(r["stored"] for r in results),
        "refused": sum(r["refused"] for r in results),
        "messages": [m for r in results for m in r["messages"]],
        "errors": [e for r in results for e in r["errors"]],
        "seconds": seconds,
    }


def same_base_version(engine, editors, report_id: int, base_version: int) -> dict:
    """Every writer saves a different value based on the same version, at the same moment."""

    def work(s, i, ed, out):
        try:
            update_report(s, ed, report_id, base_version, value=100 + i, unit="万千瓦")
            out["stored"] += 1
        except ConflictError as e:
            out["refused"] += 1
            out["messages"].append(str(e))

    res = _run(engine, editors, work)
    res["attempts"] = len(editors)
    return res | _audit(engine, report_id)


def retry_until_stored(engine, editors, report_id: int, max_attempts: int = 500) -> dict:
    """Every writer re-reads the figure after a conflict and tries again until its value is stored."""

    def work(s, i, ed, out):
        for _ in range(max_attempts):
            version = get_report(s, report_id)["version"]
            try:
                update_report(s, ed, report_id, version, value=200 + i, unit="万千瓦")
                out["stored"] += 1
                return
            except ConflictError as e:
                out["refused"] += 1
                out["messages"].append(str(e))
        out["errors"].append("never stored")

    res = _run(engine, editors, work)
    res["attempts"] = res["stored"] + res["refused"]
    return res | _audit(engine, report_id)


def _audit(engine, report_id) -> dict:
    with open_session(engine) as s:
        log = audit_frame(s, "report", report_id)
        final = get_report(s, report_id)
    changes = [json.loads(c) for c in log["changes"]]
    updates = [c for c, a in zip(changes, log["action"]) if a == "update"]
    conflicts = [c for c, a in zip(changes, log["action"]) if a == "conflict"]
    return {
        "audit_updates": len(updates),
        "audit_conflicts": len(conflicts),
        "stored_values": [c["value"][1] for c in updates],
        "refused_values": [c["attempted"]["value"] for c in conflicts],
        "final_value": final["value"],
        "final_version": final["version"],
    }
