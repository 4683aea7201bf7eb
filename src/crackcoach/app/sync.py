"""``crackcoach sync``: one diary on every machine, through a folder another tool keeps in step.

The machine's id is kept in ``machine-id`` beside the diary, and what each sync
sent and received in ``sync-state.json`` (both 0600). With the
``sync-folder`` setting, every command that changes the diary syncs when it
is done (:func:`after_change`); a failure there is one warning line and never
the command's failure.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from crackcoach.app.env import Env
from crackcoach.base import config, gitfolder
from crackcoach.base.atomicfile import write_private
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.diary import syncfolder
from crackcoach.errors import EXIT_FAILURE, EXIT_OK, CrackcoachError, InputError
from crackcoach.plans import state as plan_state
from crackcoach.store import open_store
from crackcoach.store.rows import to_utc_text
from crackcoach.store.sync import PLAN

if TYPE_CHECKING:
    from typing import Any

_NAME_MAX = 200  # a plan's name as a synced change may give it
_SHOWN = 5  # changes that cannot be applied, named one by one
_NO_FOLDER = ("no sync folder: give one (crackcoach sync DIR) or set it "
              "(crackcoach config set sync-folder DIR)")


def _state_path(env: Env) -> Path:
    return env.places.diary_path.parent / "sync-state.json"


def _load_state(env: Env) -> dict[str, Any]:
    try:
        found = json.loads(_state_path(env).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def configured_folder(env: Env) -> str:
    """The ``sync-folder`` setting, or "" (read only when the file mentions it: cheap)."""
    text = config.read_text(env.places.config_path)
    if not text or "sync-folder" not in text:
        return ""
    return config.load(env.places.config_path).sync_folder


def _folder(env: Env, given: Path | None) -> Path:
    if given is not None:
        return Path(given).expanduser()
    setting = configured_folder(env)
    if not setting:
        raise InputError(_NO_FOLDER)
    return Path(setting).expanduser()


def sync(env: Env, folder: Path | None, *, git: bool = False, status: bool = False) -> int:
    """``crackcoach sync [DIR] [--git] [--status]``."""
    if status:
        if folder is not None:
            raise InputError("sync --status shows what the last sync did; give it no folder")
        return show_status(env)
    if folder is not None and not str(folder).strip():
        raise InputError("the sync folder is empty; expected a folder path such as "
                         "~/Sync/crackcoach")
    place = _folder(env, folder)
    if place.exists() and not place.is_dir():
        raise InputError(f"{place} is not a folder; give the sync folder")
    result = run_sync(env, place, git=git)
    env.say(f"Synced with {place}: sent {result['sent']} change(s), received "
            f"{result['received']}.")
    for name, reason in result["damaged"]:
        env.warn(f"skipped the damaged change file {name} ({reason}); the rest was synced")
    for message in result["unusable"]:
        env.warn(f"{message}; that record was left as it was here")
    if result["git_problem"]:
        env.warn(result["git_problem"])
        return EXIT_FAILURE
    return EXIT_OK


def run_sync(env: Env, place: Path, *, git: bool = False) -> dict[str, Any]:
    """Pull (git), read the folder, merge, write this machine's file, push (git)."""
    use_git = git or gitfolder.is_work_tree(place)
    if git and not gitfolder.is_work_tree(place):
        raise InputError(f"{place} is not a git work tree (git clone your private remote "
                         "there first, or leave out --git)")
    problem = ""
    if use_git:
        problem = _git_step(place, "pull", lambda: _pull(place))
    now = env.now()
    written: list[Path] = []
    with open_store(env.places.diary_path) as store:  # an unusable diary stops it before anything
        try:
            syncfolder.private_dir(place)
            machine = syncfolder.machine_id(env.places.diary_path.parent / "machine-id")
        except OSError as exc:
            raise CrackcoachError(f"cannot use the sync folder {place}: "
                                  f"{exc.strerror or exc}") from None
        state = _load_state(env)
        seen = state.get("files", {}) if state.get("folder") == str(place) else {}
        reading = syncfolder.read(place, seen if isinstance(seen, dict) else {})
        plan = _Plan(env, machine, now)
        sent, received, unusable, shared = store.sync(
            machine, now, reading.ops, lambda ops: written.extend(
                [p for p in [syncfolder.write(place, machine, ops, now)] if p is not None]),
            plan.changes)
    unusable = [*unusable, *plan.follow(shared)]
    if use_git and not problem:
        problem = _git_step(place, "push", lambda: _commit_and_push(place, machine))
    for path in written:
        reading.seen[str(path.relative_to(place))] = [path.stat().st_size,
                                                      path.stat().st_mtime_ns]
    result = {"folder": str(place), "machine": machine, "at": now.isoformat(),
              "sent": len(sent), "received": received,
              "damaged": [list(d) for d in reading.damaged], "git_problem": problem,
              "unusable": unusable[:_SHOWN] + ([f"and {len(unusable) - _SHOWN} more"]
                                               if len(unusable) > _SHOWN else []),
              "sent_total": int(state.get("sent_total", 0)) + len(sent),
              "received_total": int(state.get("received_total", 0)) + received}
    write_private(_state_path(env), json.dumps({**result, "files": reading.seen}))
    return result


class _Plan:
    """The active plan's side of a sync: its file is this machine's, its changes travel.

    Each change is an op of kind ``plan`` (the plan's name and start day, or none)
    and the latest by (time, machine, id) is the plan on every machine. A change
    is sent when the file differs from the plan as the last sync left it; a file
    that cannot be read is left out of the sync and left as it is.
    """

    def __init__(self, env: Env, machine: str, now: datetime) -> None:
        self.path, self.machine, self.now = env.places.plan_state_path, machine, now
        self.usable = True
        try:
            self.local = plan_state.read(self.path)
        except CrackcoachError:
            self.usable, self.local = False, None

    def changes(self, before: syncfolder.Op | None) -> list[syncfolder.Op]:
        """This machine's change of the plan since the last sync, if it made one."""
        if not self.usable or (before is None and self.local is None):
            return []
        if before is not None and _plan_of(before) == (True, self.local):
            return []
        when = self.now
        if self.local is not None:  # when the plan was started here
            with contextlib.suppress(OSError):
                when = datetime.fromtimestamp(self.path.stat().st_mtime, timezone.utc)
        body = json.dumps(plan_state.fields(self.local), separators=(",", ":"))
        return [syncfolder.Op(f"p-{secrets.token_hex(16)}", self.machine, to_utc_text(when),
                              "edit", PLAN, PLAN, body)]

    def follow(self, latest: syncfolder.Op | None) -> list[str]:
        """Make the file say what the latest change of the plan says; what went wrong."""
        if not self.usable or latest is None:
            return []
        usable, active = _plan_of(latest)
        if not usable or active == self.local:
            return []
        try:
            if active is None:
                plan_state.clear(self.path)
            else:
                plan_state.write(self.path, active)
        except (OSError, CrackcoachError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc.message
            return [f"the active plan from the sync folder could not be written to "
                    f"{self.path} ({reason or exc})"]
        return []


def _plan_of(op: syncfolder.Op) -> tuple[bool, plan_state.ActivePlan | None]:
    """(True, the plan) a change of the plan gives, or (False, None) for a bad one."""
    try:
        found = json.loads(op.body or "")
        if not isinstance(found, dict):
            raise ValueError
        name = found.get("plan")
        if name is None:
            return True, None
        if not isinstance(name, str) or not 0 < len(name) <= _NAME_MAX:
            raise ValueError
        return True, plan_state.checked(name, found.get("started"))
    except (ValueError, RecursionError):
        return False, None


def _git_step(place: Path, what: str, step: Callable[[], object]) -> str:
    """Run a git step; what to tell the person when it fails ("" when it did not)."""
    try:
        step()
    except gitfolder.GitFailed as exc:
        if what == "pull":
            return (f"git pull in {place} failed ({exc}); your diary is intact (merged with "
                    f"what the folder already held); check the remote with git -C {place} "
                    "pull, then run crackcoach sync again")
        return (f"git push from {place} failed ({exc}); your changes are committed there; "
                f"run git -C {place} pull --rebase && git -C {place} push, or crackcoach "
                "sync again later")
    return ""


def _pull(place: Path) -> None:
    if gitfolder.has_remote(place):
        gitfolder.pull(place)


def _commit_and_push(place: Path, machine: str) -> None:
    gitfolder.commit(place, [machine], f"crackcoach: changes from {machine}")
    if gitfolder.has_remote(place):
        gitfolder.push(place)  # also what an earlier failed push left behind


def show_status(env: Env) -> int:
    """``sync --status``: the folder, this machine, and what the last sync sent and received."""
    state = _load_state(env)
    if not state:
        env.say("This diary has not been synced yet (crackcoach sync DIR).")
        return EXIT_OK
    env.say(f"Sync folder: {state.get('folder')}")
    env.say(f"This machine: {state.get('machine')}")
    env.say(f"Last sync: {state.get('at')}: sent {state.get('sent')} change(s), received "
            f"{state.get('received')}")
    env.say(f"In all: sent {state.get('sent_total', 0)}, received "
            f"{state.get('received_total', 0)}")
    with open_store(env.places.diary_path, read_only=True) as store:
        for machine, count in store.sync_counts().items():
            own = " (this one)" if machine == state.get("machine") else ""
            env.say(f"  machine {machine}{own}: {count} change(s)")
    for name, reason in state.get("damaged", []):
        env.say(f"Skipped (damaged): {name}: {reason}")
    if state.get("git_problem"):
        env.say(f"Git: {state['git_problem']}")
    return EXIT_OK


def after_change(env: Env) -> None:
    """Sync after a command changed the diary, when a sync folder is set; never fails."""
    try:
        setting = configured_folder(env)
        if not setting:
            return
        result = run_sync(env, Path(setting).expanduser())
        if result["git_problem"]:
            env.warn(result["git_problem"])
    except (CrackcoachError, OSError) as exc:
        env.warn(f"the diary was saved, but syncing with the sync folder failed ({exc}); "
                 "'crackcoach sync' tries again")

