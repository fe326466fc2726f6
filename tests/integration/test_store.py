"""The scenario store: validation before writes, revisions, optimistic locking, parallel saves."""

from __future__ import annotations

import os
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import small_yaml
from winset.scenario import ScenarioError
from winset.scenario.loader import builtin_scenarios
from winset.web.store import Conflict, Forbidden, NotFound, Store


def _postgres_url() -> str | None:
    """The private server started by scripts/prepare.d/postgres.sh (``make test``), or WINSET_TEST_POSTGRES."""
    url = os.environ.get("WINSET_TEST_POSTGRES")
    f = Path(sys.prefix) / "winset-test-postgres.url"
    if not url and f.exists():
        url = f.read_text().strip()
    return url or None


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database: an SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'w.db'}"
        return
    admin_url = _postgres_url()
    if admin_url is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run the store tests on PostgreSQL too: scripts/prepare.d/postgres.sh did not run"
            )
        pytest.skip("no test PostgreSQL server (make test starts one)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"winset_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture()
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def test_seed_builtins_once(store):
    assert sorted(store.seed_builtins()) == builtin_scenarios()
    assert store.seed_builtins() == []
    recs = {r.slug: r for r in store.scenarios()}
    assert set(recs) == set(builtin_scenarios())
    assert all(r.builtin and r.version == 1 for r in recs.values())
    assert recs["anchorage-2025"].title.startswith("Anchorage summit 2025")


def test_create_save_and_revisions(store):
    rec = store.create("mine", small_yaml("first"))
    assert (rec.version, rec.title, rec.builtin) == (1, "first", False)
    rec2 = store.save("mine", small_yaml("second"), expected_version=1)
    assert (rec2.version, rec2.title) == (2, "second")
    assert [r["version"] for r in store.revisions("mine")] == [1, 2]
    assert "title: first" in store.revision_text("mine", 1)
    assert store.get("mine").text == small_yaml("second")
    with pytest.raises(Conflict):
        store.create("mine", small_yaml())
    with pytest.raises(NotFound):
        store.get("nope")


def test_invalid_text_is_rejected_and_nothing_changes(store):
    store.create("mine", small_yaml("good"))
    before = (store.get("mine"), store.count())
    bad = small_yaml("bad", quota=1.5)
    with pytest.raises(ScenarioError) as ei:
        store.save("mine", bad)
    p = ei.value.problems[0]
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "quota:" in t)
    assert (p.file, p.line, p.field) == ("mine.yaml", line, "bodies[S].quota")
    with pytest.raises(ScenarioError):
        store.save("mine", "actors: [unclosed")
    with pytest.raises(ScenarioError):
        store.create("other", "id: x\n")
    with pytest.raises(ScenarioError):
        store.create("Bad Slug!", small_yaml())
    assert (store.get("mine"), store.count()) == before


def test_stale_version_is_a_conflict(store):
    store.create("mine", small_yaml("v1"))
    store.save("mine", small_yaml("v2"), expected_version=1)
    with pytest.raises(Conflict, match="changed by someone else"):
        store.save("mine", small_yaml("lost?"), expected_version=1)
    assert store.get("mine").title == "v2"


def test_builtins_cannot_be_deleted_but_copies_can(store):
    store.seed_builtins()
    with pytest.raises(Forbidden):
        store.delete("anchorage-2025")
    store.create("copy", small_yaml())
    store.save_run("copy", "r", [], {"x": 1})
    store.delete("copy")
    with pytest.raises(NotFound):
        store.get("copy")
    assert store.count()["runs"] == 0


def test_runs_round_trip(store):
    store.create("mine", small_yaml())
    r = store.save_run(
        "mine", "  stronger A ", [{"actor": "A", "field": "capability", "value": 2.0}], {"k": [1, 2]}
    )
    assert r.name == "stronger A"
    again = store.run(r.id)
    assert again.overrides == [{"actor": "A", "field": "capability", "value": 2.0}]
    assert again.result == {"k": [1, 2]} and again.scenario == "mine" and again.scenario_version == 1
    with pytest.raises(ScenarioError):
        store.save_run("mine", "x" * 121, [], {})


def test_many_parallel_saves_lose_nothing(db_url):
    store = Store(db_url)
    store.create("shared", small_yaml("v0"))
    n = 48
    titles = [f"t{i}" for i in range(n)]
    texts = {t: small_yaml(t) for t in titles}
    start = threading.Barrier(12)

    def work(i: int) -> None:
        if i < 12:
            start.wait(timeout=10)
        t = titles[i]
        store.save("shared", texts[t])  # same scenario, no expected version: each save becomes a revision
        store.create(f"own-{i}", texts[t])  # distinct scenarios
        store.save_run("shared", t, [], {"i": i})

    with ThreadPoolExecutor(12) as ex:
        list(ex.map(work, range(n)))
    assert store.get("shared").version == n + 1
    revs = {store.revision_text("shared", v) for v in range(1, n + 2)}
    assert revs == set(texts.values()) | {small_yaml("v0")}
    assert {r.name for r in store.runs("shared")} == set(titles)
    assert {f"own-{i}" for i in range(n)} <= {r.slug for r in store.scenarios()}
    assert store.count() == {"scenarios": n + 1, "revisions": 2 * n + 1, "runs": n}
    store.close()


def test_parallel_saves_from_the_same_version_one_wins(store):
    store.create("shared", small_yaml("v0"))
    results: list[str] = []
    gate = threading.Barrier(8)

    def work(i: int) -> None:
        gate.wait(timeout=10)
        try:
            store.save("shared", small_yaml(f"edit{i}"), expected_version=1)
            results.append(f"edit{i}")
        except Conflict:
            results.append("conflict")

    with ThreadPoolExecutor(8) as ex:
        list(ex.map(work, range(8)))
    winners = [r for r in results if r != "conflict"]
    assert len(winners) == 1 and results.count("conflict") == 7
    assert store.get("shared").title == winners[0] and store.get("shared").version == 2
