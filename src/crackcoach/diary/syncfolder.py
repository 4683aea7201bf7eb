"""The sync folder: change files each machine writes, and reading what all of them wrote.

Layout: ``DIR/<machine id>/<time>-<random>.jsonl``. A machine only ever adds
new files to its own folder, and never changes one: a file is written under a
hidden temporary name and renamed when complete, so another machine (or the
tool that copies the folder) never sees half of it under its real name.

A file is one header line, one line per change, and an end line giving the
count; a file that does not parse, or ends early (a copy still arriving), is
reported by name and read again at the next sync; the others are read.
Copies that sync tools make when two versions meet ("(conflicted copy ...)",
".sync-conflict-...") are read like any other file: every change has its own
id, so a change read twice counts once. Their own temporary files (hidden,
``.tmp``, ``.part``) are left alone. Files are 0600 and folders 0700, also
those another tool brought in more open (git checks files out as 0644).
"""

from __future__ import annotations

import contextlib
import json
import json.scanner
import os
import secrets
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from crackcoach.base.patterns import later
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.errors import CrackcoachError

if TYPE_CHECKING:
    from typing import Any

FORMAT = "crackcoach-sync"
VERSION = 1
MACHINE = later(r"[0-9a-f]{16}")
_PARTIAL_ENDINGS = (".tmp", ".part", ".partial", ".crdownload", ".download", "~")
_ACTIONS = frozenset(("add", "edit", "delete", "undo"))
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Op(NamedTuple):
    """One change of the diary as the sync folder carries it.

    ``op`` is its globally unique id; ``record`` the uid of the record it
    changes; ``body`` the record's content after it (JSON text, for add and
    edit); ``target`` the op an undo takes back; ``link`` the uid of a record
    this one refers to (an entry's session).
    """

    op: str
    machine: str
    at: str  # UTC, as the store writes times (text order is time order)
    action: str  # add, edit, delete or undo
    kind: str  # session, entry, clearance, activity or plan (store/sync.py adds kinds)
    record: str
    body: str | None = None
    target: str | None = None
    link: str | None = None


class Damaged(NamedTuple):
    """A change file that could not be read, and why."""

    name: str
    reason: str


class Reading(NamedTuple):
    """What one pass over the folder found."""

    ops: list[Op]
    damaged: list[Damaged]
    seen: dict[str, list[int]]  # every complete file read: its name -> [size, mtime_ns]


def new_machine_id() -> str:
    """A random id for this machine's folder."""
    return secrets.token_hex(8)


def machine_id(path: Path) -> str:
    """This machine's id, kept in ``path``; made (0600) the first time."""
    with contextlib.suppress(FileNotFoundError):
        text = path.read_text(encoding="ascii").strip()
        if MACHINE.fullmatch(text):
            return text
    found = new_machine_id()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _write_new(path, found + "\n")
    return found


def _write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` complete or not at all (0600, via a hidden file)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def private_dir(folder: Path) -> None:
    """Make ``folder`` (and missing parents) and keep it 0700."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def _private(path: Path, mode: int, wanted: int) -> None:
    """Take away what others may do with a file or folder of the sync folder, if anything."""
    if mode & 0o077:
        with contextlib.suppress(OSError):
            path.chmod(wanted)


def op_object(op: Op) -> dict[str, Any]:
    """An op as one line of a change file."""
    found: dict[str, Any] = {"op": op.op, "machine": op.machine, "at": op.at,
                             "action": op.action, "kind": op.kind, "record": op.record}
    if op.body is not None:
        found["body"] = op.body  # as JSON text: read back without encoding it again
    for name in ("target", "link"):
        if getattr(op, name) is not None:
            found[name] = getattr(op, name)
    return found


def write(folder: Path, machine: str, ops: list[Op], now: datetime) -> Path | None:
    """Write ``ops`` as one new file in this machine's folder; None when there are none."""
    if not ops:
        return None
    own = folder / machine
    try:
        private_dir(folder)
        private_dir(own)
        stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S")
        path = own / f"{stamp}-{secrets.token_hex(4)}.jsonl"
        lines = [_ENCODE({"format": FORMAT, "version": VERSION, "machine": machine,
                          "count": len(ops)})]
        lines.extend(_ENCODE(op_object(op)) for op in ops)
        lines.append(_ENCODE({"end": len(ops)}))
        _write_new(path, "\n".join(lines) + "\n")
    except OSError as exc:
        raise CrackcoachError(f"cannot write to the sync folder {folder}: "
                              f"{exc.strerror or exc}") from None
    return path


def _is_partial(name: str) -> bool:
    return name.startswith(".") or name.endswith(_PARTIAL_ENDINGS)


def change_files(folder: Path) -> Iterator[Path]:
    """Every change file in the folder, whoever wrote it, in name order."""
    try:
        machines = sorted(p for p in folder.iterdir() if MACHINE.match(p.name) and p.is_dir())
    except OSError as exc:
        raise CrackcoachError(f"cannot read the sync folder {folder}: "
                              f"{exc.strerror or exc}") from None
    for machine in machines:
        with contextlib.suppress(OSError):
            _private(machine, machine.stat().st_mode, 0o700)
            for path in sorted(machine.iterdir()):
                if ".jsonl" in path.name and not _is_partial(path.name) and path.is_file():
                    yield path


def read(folder: Path, seen: dict[str, list[int]]) -> Reading:
    """The ops of every change file not read before (``seen``: name -> [size, mtime_ns])."""
    ops: list[Op] = []
    damaged: list[Damaged] = []
    now_seen: dict[str, list[int]] = {}
    for path in change_files(folder):
        name = str(path.relative_to(folder))
        try:
            info = path.stat()
        except OSError:
            continue
        _private(path, info.st_mode, 0o600)  # a copy that git or a sync tool made 0644
        mark = [info.st_size, info.st_mtime_ns]
        if seen.get(name) == mark:
            now_seen[name] = mark
            continue
        try:
            ops.extend(parse(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            damaged.append(Damaged(name, str(exc)))
            continue
        now_seen[name] = mark
    return Reading(ops, damaged, now_seen)


def _text(obj: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = obj.get(name)
    if value is None and not required:
        return None
    if type(value) is not str or not value or len(value) > 200:
        raise ValueError(f"'{name}' is missing or not an id")
    return value


# The C scanner without json.loads' layers around it: a change file is mostly small lines.
_scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def json_value(text: str) -> Any:
    """The one JSON value ``text`` holds (as json.loads, quicker for many small ones)."""
    try:
        found, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("it is not JSON") from None
    if end != len(text):
        raise ValueError("it holds more than one JSON value")
    return found


def _id(value: Any) -> bool:
    return type(value) is str and 0 < len(value) <= 200


def _op(line: str) -> Op:
    obj = json_value(line)
    if type(obj) is not dict:
        raise ValueError("a line is not a JSON object")
    action = obj.get("action")
    if action not in _ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    body = obj.get("body")
    if (body is None) != (action in ("delete", "undo")) or (
            body is not None and type(body) is not str):
        raise ValueError(f"a {action} without its record")
    found: list[Any] = [obj.get("op"), obj.get("machine"), obj.get("at"), obj.get("kind"),
                        obj.get("record")]
    op, machine, at, kind, record = found
    if not (type(op) is str and type(machine) is str and type(at) is str
            and type(kind) is str and type(record) is str
            and 0 < len(op) <= 200 and 0 < len(machine) <= 200 and 0 < len(at) <= 200
            and 0 < len(kind) <= 200 and 0 < len(record) <= 200):
        for name in ("op", "machine", "at", "kind", "record"):
            _text(obj, name)  # says which
    target, link = obj.get("target"), obj.get("link")
    if (target is not None or action == "undo") and not _id(target):
        _text(obj, "target")
    if link is not None and not _id(link):
        _text(obj, "link")
    return Op(op, machine, at, action, kind, record, body, target, link)


def parse(text: str) -> list[Op]:
    """The ops of one change file; ValueError saying why it cannot be read."""
    lines = text.split("\n")
    if not text.endswith("\n"):
        raise ValueError("it ends in the middle of a line (still being copied?)")
    lines.pop()
    try:
        head = json.loads(lines[0]) if lines else None
    except ValueError:
        head = None
    if type(head) is not dict or head.get("format") != FORMAT:
        raise ValueError("it is not a crackcoach change file")
    if head.get("version") != VERSION:
        raise ValueError(f"it is of format version {head.get('version')!r}; this crackcoach "
                         f"reads {VERSION} (upgrade crackcoach)")
    count = head.get("count")
    if type(count) is not int:
        raise ValueError("its header has no count")
    try:
        end = json.loads(lines[-1]) if len(lines) > 1 else None
    except ValueError:
        end = None
    if type(end) is not dict or end.get("end") != count or len(lines) != count + 2:
        raise ValueError("it is incomplete (still being copied?)")
    ops = []
    for number, line in enumerate(lines[1:-1], start=2):
        try:
            ops.append(_op(line))
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"line {number}: {exc}") from None
    return ops
