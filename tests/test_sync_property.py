"""Sync as a property: any interleaving of changes, syncs and file deliveries ends in one diary.

Two or three homes each have their own copy of the shared folder; a sync tool
(the test) copies one machine's change files to another's copy when it likes:
late, twice, as a "conflicted copy", or half-written first. After everyone
has synced with every file delivered, every diary is identical and equals
what an independent model of the merge rule says: each record ever made, less
those with a deletion not undone, with the value of the latest edit not undone;
each clearance ever recorded, undone where its machine undid it; each activity
ever added, and each entry's ratings of them. The active plan and the names of
activities, changed on several machines, end the same everywhere and as one
of the changes made.
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
from crackcoach.diary.records import Clearance, DiaryEntry, SessionRecord
from crackcoach.errors import InputError
from crackcoach.plans import state as plan_state
from crackcoach.store import open_store
from envs import ZONE, Clock, make_env

ACTIONS = ("log", "done", "edit", "delete", "undo", "cleared", "activity", "plan", "sync",
           "deliver")


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
        self.clearances: dict[str, bool] = {}  # uid -> undone
        self.activities: set[str] = set()  # uids
        self.names: set[str] = set()  # every name an activity was given
        self.plans: set[plan_state.ActivePlan | None] = {None}  # every plan set or stopped

    def tick(self) -> datetime:
        self.clock.now += timedelta(seconds=1)
        return self.clock.now

    def act(self, home: int, action: str, pick: int, mode: int) -> None:
        getattr(self, action)(home, pick, mode)

    def log(self, home: int, pick: int, mode: int) -> None:
        with open_store(self.envs[home].places.diary_path) as store:
            followed = [a.id for a in store.activities() if a.active]
            rated = ((followed[mode % len(followed)], mode % 11),) if followed else ()
            local = store.add_entry(DiaryEntry(self.tick(), discomfort=pick % 11, stiffness=1,
                                               activities=rated))
            ratings = {_uid(store, "activities", a): score for a, score in rated}
            self.made[_uid(store, "entries", local)] = ("entry", (pick % 11, ratings))

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

    def cleared(self, home: int, pick: int, mode: int) -> None:
        at = self.tick()
        with open_store(self.envs[home].places.diary_path) as store:
            local = store.add_clearance(at - timedelta(minutes=pick), at)
            self.clearances[_uid(store, "clearances", local)] = False

    def activity(self, home: int, pick: int, mode: int) -> None:
        at = self.tick()
        with open_store(self.envs[home].places.diary_path) as store:
            followed = [a for a in store.activities() if a.active]
            if mode % 2 == 0 and len(followed) < 5:
                added = store.add_activity(f"activity {pick}-{at:%H%M%S}", at)
                self.activities.add(_uid(store, "activities", added.id))
                self.names.add(added.name)
            elif followed:
                chosen = followed[pick % len(followed)]
                try:
                    store.rename_activity(chosen.id, f"renamed {mode}-{at:%H%M%S}")
                except InputError:  # another activity holds that name already
                    return
                self.names.add(f"renamed {mode}-{at:%H%M%S}")

    def plan(self, home: int, pick: int, mode: int) -> None:
        path = self.envs[home].places.plan_state_path
        if mode % 3 == 0:
            plan_state.clear(path)
            return
        chosen = plan_state.ActivePlan(f"plan-{pick}", self.tick().date())
        plan_state.write(path, chosen)
        self.plans.add(chosen)

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
        if isinstance(done, Clearance):
            with open_store(self.envs[home].places.diary_path) as store:
                self.clearances[_uid(store, "clearances", done.id)] = True
        elif done is not None:
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
            if kind == "entry" and edits:
                value = (edits[-1].value, value[1])  # an edit keeps the ratings
            found[uid] = (kind, value)
        found.update({uid: ("clearance", undone) for uid, undone in self.clearances.items()})
        found.update({uid: ("activity", None) for uid in self.activities})
        return found


def _uid(store: Any, table: str, local: int | None) -> str:
    return str(store._db.execute(f"SELECT uid FROM {table} WHERE id = ?",
                                 (local,)).fetchone()[0])


def _machine(home: Path) -> str:
    return (home / "machine-id").read_text().strip()


def diary(home: Path) -> dict[str, Any]:
    with open_store(home / "crackcoach.db") as store:
        db = store._db
        found: dict[str, Any] = {uid: ("session", None)
                                 for (uid,) in db.execute("SELECT uid FROM sessions")}
        ratings: dict[str, dict[str, int]] = {}
        for entry, activity, score in db.execute(
                "SELECT e.uid, a.uid, r.score FROM activity_ratings AS r JOIN entries AS e ON "
                "e.id = r.entry_id JOIN activities AS a ON a.id = r.activity_id"):
            ratings.setdefault(entry, {})[activity] = score
        found.update({uid: ("entry", (value, ratings.get(uid, {}))) for uid, value in
                      db.execute("SELECT uid, discomfort FROM entries")})
        found.update({uid: ("clearance", undone is not None) for uid, undone in
                      db.execute("SELECT uid, undone_utc FROM clearances")})
        found.update({uid: ("activity", None) for (uid,) in
                      db.execute("SELECT uid FROM activities")})
    return found


def shared(world: World, home: int) -> tuple[Any, ...]:
    """What must be the same everywhere without the model saying which change won."""
    with open_store(world.homes[home] / "crackcoach.db") as store:
        names = sorted((a.added_at, a.name, a.removed_at) for a in store.activities())
    return plan_state.read(world.envs[home].places.plan_state_path), names


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
        plan, names = shared(world, 0)
        assert plan in world.plans and {name for _, name, _ in names} <= world.names
        for home in range(1, homes):
            assert shared(world, home) == (plan, names)
