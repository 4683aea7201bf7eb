"""What ``crackcoach list`` does, without Typer, so the fast path can call it directly."""

from __future__ import annotations

from pathlib import Path

from crackcoach.cli.common import print_json, routine_folders, warn


def list_catalog(json_output: bool, extra_dirs: list[Path] | None) -> None:
    """Print every routine (a table, or JSON), then one warning per broken file."""
    from crackcoach import library

    catalog = library.scan(routine_folders(extra_dirs))
    if json_output:
        from crackcoach.routines import routine_to_dict

        rows = []
        for routine in catalog.routines:
            row = routine_to_dict(routine, steps=False)
            row["overrides"] = [
                "built-in" if r.builtin else str(r.path) for r in
                catalog.overridden.get(routine.name, [])]
            rows.append(row)
        print_json(rows)
    else:
        from crackcoach.views.routines import print_list

        print_list(catalog)
    for message in catalog.warnings:
        warn(message)
