"""Sync as a property: any interleaving of changes, syncs and file deliveries ends in one diary.

Two or three homes each have their own copy of the shared folder; a sync tool
(the test) copies one machine's change files to another's copy when it likes:
late, twice, as a "conflicted copy", or half-written first. After everyone
has synced with every file delivered, every diary is identical and equals
what an independent model of the merge rule says: each record ever made, less
those with a deletion not undone, with the value of the latest edit not undone.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crackcoach.app.sync import run_sync
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.errors import InputError
from crackcoach.store import open_store
from envs import ZONE, Clock, make_env

ACTIONS = ("log", "done", "edit", "delete", "undo", "sync", "deliver")


class Change:
    """An edit or deletion made somewhere, as the model keeps it."""

    def __init__(self, action: str, uid: str, at: datetime, value: int | None) -> None:
        self.action, self.uid, self.at, self.value = action, uid, at, value
        self.undone = False


class World:
    def __init__(self, root: Path, homes: int) -> None:
        start = datetime(2026, 12, 1, 8, 0, tzinfo=ZONE)
        self.clock = Clock(start)
        self.homes = [root / f"home{n}" for n in range(homes)]
        self.views = [root / f"view{n}" for n in range(homes)]
        self.envs = [make_env(home, self.clock) for home in self.homes]
        self.made: dict[str, tuple[str, int | None]] = {}  # uid -> (kind, first value)
        self.changes: list[Change] = []
        self.local: list[dict[int, Change]] = [{} for _ in self.homes]  # change id -> Change
        self.pending: list[tuple[Path, int]] = []  # a file written, a view it has not reached
        self.written: set[Path] = set()

    def tick(self) -> datetime:
        self.clock.now += timedelta(seconds=1)
        return self.clock.now

    def act(self, home: int, action: str, pick: int, mode: int) -> None:
        getattr(self, action)(home, pick, mode)

    def log(self, home: int, pick: int, mode: int) -> None:
        with open_store(self.envs[home].places.diary_path) as store:
            local = store.add_entry(DiaryEntry(self.tick(), discomfort=pick % 11, stiffness=1))
            self.made[_uid(store, "entries", local)] = ("entry", pick % 11)

    def done(self, home: int, pick: int, mode: int) -> None:
        at = self.tick()
        with open_store(self.envs[home].places.diary_path) as store:
            local = store.add_session(SessionRecord("r", at, at, 60.0, 60.0, 0.0, (), (),
                                                    "completed"))
            self.made[_uid(store, "sessions", local)] = ("session", None)

    def edit(self, home: int, pick: int, mode: int) -> None:
        at = self.tick()
        with open_store(self.envs[home].places.diary_path) as store:
            entries = store.entries()
            if not entries:
                return
            entry = entries[pick % len(entries)]
            assert entry.id is not None
            change = store.edit_entry(entry.id, entry._replace(discomfort=mode % 11), at)
            self._keep(home, store, change.id, Change("edit", _uid(store, "entries", entry.id),
                                                      at, mode % 11))

    def delete(self, home: int, pick: int, mode: int) -> None:
        at = self.tick()
        with open_store(self.envs[home].places.diary_path) as store:
            found: list[Any] = [*store.entries(), *store.sessions()]
            if not found:
                return
            record = found[pick % len(found)]
            kind, table = (("entry", "entries") if isinstance(record, DiaryEntry)
                           else ("session", "sessions"))
            uid = _uid(store, table, record.id)
            change = store.delete(kind, record.id, at)
            self._keep(home, store, change.id, Change("delete", uid, at, None))

    def undo(self, home: int, pick: int, mode: int) -> None:
        with open_store(self.envs[home].places.diary_path) as store:
            try:
                done = store.undo(self.tick())
            except InputError:  # the edit was overtaken by another machine's: refused
                return
        if done is not None:
            assert done[0].id is not None
            self.local[home][done[0].id].undone = True

    def _keep(self, home: int, store: Any, change_id: int | None, change: Change) -> None:
        assert change_id is not None
        self.local[home][change_id] = change
        self.changes.append(change)

    def sync(self, home: int, pick: int = 0, mode: int = 0) -> None:
        self.tick()
        run_sync(self.envs[home], self.views[home])
        for path in self.views[home].rglob("*.jsonl"):
            if path not in self.written and path.parent.name == _machine(self.homes[home]):
                self.written.add(path)
                self.pending.extend((path, other) for other in range(len(self.homes))
                                    if other != home)

    def deliver(self, home: int, pick: int, mode: int) -> None:
        if not self.pending:
            return
        path, other = self.pending[pick % len(self.pending)]
        target = self.views[other] / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode % 4 == 0:  # half of it first; the rest comes with a later delivery
            text = path.read_text()
            target.write_text(text[: len(text) // 2])
            return
        shutil.copy(path, target)
        if mode % 4 == 1:  # the sync tool also keeps a conflicted copy
            shutil.copy(path, target.with_name(f"{path.stem} (conflicted copy).jsonl"))
        if mode % 4 != 2:  # mode 2: it will arrive twice
            self.pending.remove((path, other))

    def settle(self) -> None:
        for _ in range(2):
            for home in range(len(self.homes)):
                self.sync(home)
            for path, other in list(self.pending):
                target = self.views[other] / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
            self.pending.clear()
        for home in range(len(self.homes)):
            self.sync(home)

    def expected(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for uid, (kind, value) in self.made.items():
            live = [c for c in self.changes if c.uid == uid and not c.undone]
            if any(c.action == "delete" for c in live):
                continue
            edits = sorted((c for c in live if c.action == "edit"), key=lambda c: c.at)
            found[uid] = (kind, edits[-1].value if edits else value)
        return found


def _uid(store: Any, table: str, local: int | None) -> str:
    return str(store._db.execute(f"SELECT uid FROM {table} WHERE id = ?",
                                 (local,)).fetchone()[0])


def _machine(home: Path) -> str:
    return (home / "machine-id").read_text().strip()


def diary(home: Path) -> dict[str, Any]:
    with open_store(home / "crackcoach.db") as store:
        db = store._db
        found = {uid: ("session", None) for (uid,) in db.execute("SELECT uid FROM sessions")}
        found.update({uid: ("entry", value) for uid, value in
                      db.execute("SELECT uid, discomfort FROM entries")})
    return found


step = st.tuples(st.integers(0, 2), st.sampled_from(ACTIONS), st.integers(0, 50),
                 st.integers(0, 50))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(homes=st.integers(2, 3), steps=st.lists(step, min_size=1, max_size=30))
def test_every_home_ends_with_the_same_diary_the_model_gives(
        homes: int, steps: list[tuple[int, str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as root:
        world = World(Path(root), homes)
        for home in range(homes):  # every home has its machine id and its own view
            world.sync(home)
        for home, action, pick, mode in steps:
            world.act(home % homes, action, pick, mode)
        world.settle()
        expected = world.expected()
        for home in world.homes:
            assert diary(home) == expected
