"""The scenario library and saved runs of ``winset serve``: SQLite by default, PostgreSQL (or any database
SQLAlchemy 2 supports) by URL.

Rules that protect stored data:

* scenario text is validated (:func:`winset.scenario.loads`) *before* any write: invalid input raises
  :class:`~winset.scenario.ScenarioError` and touches nothing;
* every write is one transaction; a failure rolls it back;
* every saved version of a scenario is kept as a revision, so an overwrite never loses the previous text;
* saves may carry the version they started from (``expected_version``): a stale save raises
  :class:`Conflict` instead of silently overwriting someone else's change (optimistic locking with an atomic
  ``UPDATE ... WHERE version = ?``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from winset.scenario import ScenarioError, loads
from winset.scenario.loader import BUILTIN_DIR, builtin_scenarios, parse_text

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
MAX_RUN_NAME = 120


class _Retry(Exception):
    pass


class StoreError(Exception):
    """Base class of store errors that map to an HTTP status."""

    status = 400


class NotFound(StoreError):
    status = 404


class Conflict(StoreError):
    status = 409


class Forbidden(StoreError):
    status = 403


def default_url() -> str:
    """``WINSET_DB`` or a SQLite file under ``$XDG_DATA_HOME/winset`` (``~/.local/share/winset``)."""
    if os.environ.get("WINSET_DB"):
        return os.environ["WINSET_DB"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "winset"
    return f"sqlite:///{base / 'winset.db'}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    __tablename__ = "scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class RevisionRow(Base):
    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    scenario_version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(MAX_RUN_NAME))
    overrides: Mapped[str] = mapped_column(Text)  # JSON list
    result: Mapped[str] = mapped_column(Text)  # JSON: the analysis
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


@dataclass(frozen=True)
class ScenarioRecord:
    slug: str
    title: str
    text: str
    builtin: bool
    version: int
    created: dt.datetime
    updated: dt.datetime

    def summary(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "builtin": self.builtin,
            "version": self.version,
            "updated": self.updated.isoformat(timespec="seconds") + "Z",
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "text": self.text,
            "created": self.created.isoformat(timespec="seconds") + "Z",
        }


@dataclass(frozen=True)
class RunRecord:
    id: int
    scenario: str
    scenario_version: int
    name: str
    overrides: list[dict[str, Any]]
    result: dict[str, Any]
    created: dt.datetime

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scenario": self.scenario,
            "scenario_version": self.scenario_version,
            "name": self.name,
            "overrides": self.overrides,
            "created": self.created.isoformat(timespec="seconds") + "Z",
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "result": self.result}


def _rec(r: ScenarioRow) -> ScenarioRecord:
    return ScenarioRecord(
        slug=r.slug,
        title=r.title,
        text=r.text,
        builtin=r.builtin,
        version=r.version,
        created=r.created,
        updated=r.updated,
    )


def _run(r: RunRow, slug: str) -> RunRecord:
    return RunRecord(
        id=r.id,
        scenario=slug,
        scenario_version=r.scenario_version,
        name=r.name,
        overrides=json.loads(r.overrides),
        result=json.loads(r.result),
        created=r.created,
    )


def _title_of(text: str, fallback: str) -> str:
    """The ``title`` a stored text declares (every stored text was valid when saved; a text a later version of
    winset reads differently still shows its own title when it has one)."""
    try:
        data, _lines = parse_text(text)
    except ScenarioError:
        return fallback
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if title is not None else fallback


def check_slug(slug: str) -> str:
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise ScenarioError.single(
            "use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit",
            file="<request>",
            field="slug",
        )
    return slug


class Store:
    """Scenario library and saved runs in one SQL database."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = url or default_url()
        kw: dict[str, Any] = {"echo": echo, "future": True}
        if self.url.startswith("sqlite"):
            path = self.url.split("///", 1)[1] if "///" in self.url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kw["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if not path or path == ":memory:":
                from sqlalchemy.pool import StaticPool

                kw["poolclass"] = StaticPool
        else:
            kw["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kw)
        if self.url.startswith("sqlite"):
            # pysqlite's own transaction handling is switched off and every transaction starts with
            # BEGIN IMMEDIATE: concurrent writers queue on the busy timeout instead of failing on a lock upgrade
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    # ---- scenarios ------------------------------------------------------------------------------------
    def seed_builtins(self) -> list[str]:
        """Add every built-in scenario that is not in the library yet; returns the slugs added."""
        added = []
        for name in builtin_scenarios():
            text = (BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8")
            try:
                self.create(name, text, builtin=True)
                added.append(name)
            except Conflict:
                pass
        return added

    def scenarios(self) -> list[ScenarioRecord]:
        with self._session() as s:
            return [
                _rec(r)
                for r in s.scalars(select(ScenarioRow).order_by(ScenarioRow.builtin.desc(), ScenarioRow.slug))
            ]

    def get(self, slug: str) -> ScenarioRecord:
        with self._session() as s:
            r = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if r is None:
                raise NotFound(f"no scenario '{slug}'")
            return _rec(r)

    def create(self, slug: str, text: str, *, builtin: bool = False) -> ScenarioRecord:
        """Validate and add a scenario; :class:`Conflict` when the slug is taken."""
        check_slug(slug)
        sc = loads(text, file=f"{slug}.yaml")
        now = _now()
        try:
            with self._session.begin() as s:
                if s.scalar(select(ScenarioRow.id).where(ScenarioRow.slug == slug)) is not None:
                    raise Conflict(f"a scenario named '{slug}' already exists")
                row = ScenarioRow(
                    slug=slug, title=sc.title, text=text, builtin=builtin, version=1, created=now, updated=now
                )
                s.add(row)
                s.flush()
                s.add(RevisionRow(scenario_id=row.id, version=1, text=text, created=now))
                rec = _rec(row)
        except IntegrityError:  # lost a race for the same slug
            raise Conflict(f"a scenario named '{slug}' already exists") from None
        return rec

    def save(self, slug: str, text: str, expected_version: int | None = None) -> ScenarioRecord:
        """Validate and replace a scenario's text (a new revision).

        ``expected_version``: the version the editor started from; a different current version raises
        :class:`Conflict` and nothing is written.
        """
        sc = loads(text, file=f"{slug}.yaml")
        for _attempt in range(20):
            try:
                sid = self._save_once(slug, text, sc.title, expected_version)
            except _Retry:
                continue
            return self.get_by_id(sid)
        raise Conflict(f"'{slug}' is being changed too often to save; try again")

    def _save_once(self, slug: str, text: str, title: str, expected_version: int | None) -> int:
        with self._session.begin() as s:
            # FOR UPDATE queues concurrent saves of one scenario on PostgreSQL (SQLite: BEGIN IMMEDIATE does it)
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug).with_for_update())
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            current = row.version
            if expected_version is not None and expected_version != current:
                raise Conflict(
                    f"'{slug}' was changed by someone else (now version {current}, you edited "
                    f"version {expected_version}); reload it and apply your change again"
                )
            now = _now()
            res = s.execute(
                update(ScenarioRow)
                .where(ScenarioRow.id == row.id, ScenarioRow.version == current)
                .values(text=text, title=title, version=current + 1, updated=now)
            )
            if res.rowcount != 1:  # type: ignore[attr-defined]
                if expected_version is not None:
                    raise Conflict(f"'{slug}' was changed by someone else while saving; reload it")
                raise _Retry  # a concurrent save won: retry on top of it (the transaction rolls back)
            s.add(RevisionRow(scenario_id=row.id, version=current + 1, text=text, created=now))
            return row.id

    def get_by_id(self, sid: int) -> ScenarioRecord:
        with self._session() as s:
            r = s.get(ScenarioRow, sid)
            if r is None:
                raise NotFound(f"no scenario with id {sid}")
            return _rec(r)

    def delete(self, slug: str) -> None:
        with self._session.begin() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            if row.builtin:
                raise Forbidden(
                    f"'{slug}' is a built-in scenario and cannot be deleted (save a copy to change it)"
                )
            for model in (RunRow, RevisionRow):
                for r in s.scalars(select(model).where(model.scenario_id == row.id)):
                    s.delete(r)
            s.delete(row)

    def revisions(self, slug: str) -> list[dict[str, Any]]:
        with self._session() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            return [
                {
                    "version": r.version,
                    "created": r.created.isoformat(timespec="seconds") + "Z",
                    "size": len(r.text),
                }
                for r in s.scalars(
                    select(RevisionRow).where(RevisionRow.scenario_id == row.id).order_by(RevisionRow.version)
                )
            ]

    def revision(self, slug: str, version: int) -> ScenarioRecord:
        """Version ``version`` of ``slug`` as it was saved: its text, the title that text gives, and the time it
        was saved as ``updated`` (``created`` stays the scenario's first save)."""
        with self._session() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            rev = s.scalar(
                select(RevisionRow).where(RevisionRow.scenario_id == row.id, RevisionRow.version == version)
            )
            if rev is None:
                raise NotFound(f"'{slug}' has no version {version}")
            return ScenarioRecord(
                slug=row.slug,
                title=_title_of(rev.text, row.title),
                text=rev.text,
                builtin=row.builtin,
                version=rev.version,
                created=row.created,
                updated=rev.created,
            )

    def revision_text(self, slug: str, version: int) -> str:
        with self._session() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            t = s.scalar(
                select(RevisionRow.text).where(
                    RevisionRow.scenario_id == row.id, RevisionRow.version == version
                )
            )
            if t is None:
                raise NotFound(f"'{slug}' has no version {version}")
            return t

    # ---- runs -----------------------------------------------------------------------------------------
    def save_run(
        self,
        slug: str,
        name: str,
        overrides: list[dict[str, Any]],
        result: dict[str, Any],
        scenario_version: int | None = None,
    ) -> RunRecord:
        name = (name or "").strip() or "run"
        if len(name) > MAX_RUN_NAME:
            raise ScenarioError.single(f"at most {MAX_RUN_NAME} characters", file="<request>", field="name")
        with self._session.begin() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            run = RunRow(
                scenario_id=row.id,
                scenario_version=scenario_version or row.version,
                name=name,
                overrides=json.dumps(overrides),
                result=json.dumps(result),
                created=_now(),
            )
            s.add(run)
            s.flush()
            rec = _run(run, slug)
        return rec

    def runs(self, slug: str) -> list[RunRecord]:
        with self._session() as s:
            row = s.scalar(select(ScenarioRow).where(ScenarioRow.slug == slug))
            if row is None:
                raise NotFound(f"no scenario '{slug}'")
            return [
                _run(r, slug)
                for r in s.scalars(select(RunRow).where(RunRow.scenario_id == row.id).order_by(RunRow.id))
            ]

    def run(self, run_id: int) -> RunRecord:
        with self._session() as s:
            r = s.get(RunRow, run_id)
            if r is None:
                raise NotFound(f"no run {run_id}")
            slug = s.scalar(select(ScenarioRow.slug).where(ScenarioRow.id == r.scenario_id)) or ""
            return _run(r, slug)

    def count(self) -> dict[str, int]:
        with self._session() as s:
            return {
                "scenarios": s.scalar(select(func.count(ScenarioRow.id))) or 0,
                "revisions": s.scalar(select(func.count(RevisionRow.id))) or 0,
                "runs": s.scalar(select(func.count(RunRow.id))) or 0,
            }


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        with contextlib.suppress(Exception):  # in-memory databases have no WAL
            cur.execute("PRAGMA journal_mode=WAL")
    finally:
        cur.close()


__all__ = [
    "Conflict",
    "Forbidden",
    "NotFound",
    "OperationalError",
    "RunRecord",
    "ScenarioRecord",
    "Store",
    "StoreError",
    "check_slug",
    "default_url",
]
