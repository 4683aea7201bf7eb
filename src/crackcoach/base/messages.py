"""The sentences the use cases say to a person, in one place.

Kept together so the wording stays consistent and can be translated one day;
the errors raised deep in the core carry their own, next to the check that
finds the problem. Plain text only: views style it, and anything a person
typed is made safe by the caller before it is put in.
"""

from __future__ import annotations

NO_SESSION_STARTED = "No session started."
SESSION_SAVED_NO_ENTRY = "Session saved to your diary, without an entry for how you feel."
ENTRY_SAVED = "Saved to your diary."
SESSION_WAITING = ("Session saved. Another program is using the diary: the session will be added "
                   "to it as soon as the diary is free.")
ENTRY_WAITING = ("Saved. Another program is using the diary: this will be added to it as soon "
                 "as the diary is free.")
DIARY_WAIT = "Waiting for the diary to be free..."
STILL_WAITING = ("The diary is still busy: what you recorded is kept safe in {folder} and will "
                 "be added to the diary the next time crackcoach runs.")
LOG_STOPPED = "Stopped: nothing was saved."
NO_ROUTINE_FILES = "No routine files to check."
LOG_NEEDS_TERMINAL = ("missing {missing}: without a terminal to ask in, crackcoach log needs at "
                      "least --discomfort and --stiffness (e.g. crackcoach log --discomfort 3 "
                      "--stiffness 2)")


def count(number: int, one: str, many: str = "") -> str:
    """"1 session", "3 sessions", "2 diary entries"."""
    return f"{number} {one if number == 1 else (many or one + 's')}"


def entry_saved(entry_id: int, when: str, summary: str) -> str:
    """The line that confirms a diary entry."""
    return f"Saved diary entry e{entry_id} ({when}): {summary}."


def entry_saved_unseen(entry_id: int | None, reason: str) -> str:
    """The warning when an entry was saved but its confirmation could not be shown."""
    what = "the diary entry" if entry_id is None else f"diary entry e{entry_id}"
    return f"{what} was saved, but its confirmation could not be shown ({reason})"


def imported(sessions: int, entries: int, source: str) -> str:
    """What an import added."""
    return (f"Imported {count(sessions, 'session')} and "
            f"{count(entries, 'diary entry', 'diary entries')} from {source}.")


def clearances_imported(clearances: int) -> str:
    """What an import added to the record of visits to a professional."""
    return (f"Added {count(clearances, 'record')} of being seen by a professional "
            "('crackcoach cleared').")


def changes_imported(changes: int) -> str:
    """What an import added to the record of edits and deletions."""
    return (f"Added {count(changes, 'earlier version')} of corrected or deleted records "
            "(kept by edit and delete; 'crackcoach undo' can put them back).")


def skipped(sessions: int, entries: int) -> str:
    """What an import left out because the diary had it already."""
    return (f"Skipped {count(sessions, 'session')} and "
            f"{count(entries, 'diary entry', 'diary entries')} already in the diary.")


def wrote(what: str, where: str) -> str:
    """Where a report or an export was written."""
    return f"Wrote {what} to {where}"


def routine_written(path: str) -> tuple[str, str]:
    """What ``crackcoach new`` says after writing a template."""
    return f"Wrote {path}", f"Edit it, then check it with: crackcoach validate {path}"


def files_valid(valid: int, checked: int) -> str:
    """The last line of ``crackcoach validate``."""
    return f"{valid} of {checked} routine file{'s' if checked > 1 else ''} valid."
