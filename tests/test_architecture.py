"""The layout holds: no import cycles, a core free of Typer and Rich, one owner per resource.

Read from the source with ``ast``, so imports inside functions count too (only
imports under ``if TYPE_CHECKING:`` are left out: they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "crackcoach"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def _nodes(tree: ast.AST, type_only: bool) -> Iterator[ast.AST]:
    """Every node; those under ``if TYPE_CHECKING:`` only when ``type_only``."""
    for node in ast.iter_child_nodes(tree):
        if (not type_only and isinstance(node, ast.If)
                and "TYPE_CHECKING" in ast.unparse(node.test)):
            yield from (n for child in node.orelse for n in [child, *_nodes(child, type_only)])
            continue
        yield node
        yield from _nodes(node, type_only)


def imports_of(name: str, *, type_only: bool = False) -> set[str]:
    """The modules ``name`` imports when it runs (crackcoach ones resolved to modules).

    With ``type_only``, also those imported only for type checking: they never
    run, but a cycle through them is still a tangle a reader has to follow.
    """
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _nodes(tree, type_only):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found


def internal_graph(*, type_only: bool = True) -> dict[str, set[str]]:
    return {name: {m for m in imports_of(name, type_only=type_only) if m in MODULES and m != name}
            for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            # A package's __init__ is imported by its submodules' imports: not an edge back.
            if target == node.rpartition(".")[0]:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_there_are_no_import_cycles_even_through_type_only_imports() -> None:
    cycle = find_cycle(internal_graph(type_only=True))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def layer(name: str) -> str:
    if name == "crackcoach.__main__":  # ``python -m crackcoach``: the command line
        return "cli"
    for prefix in ("crackcoach.cli", "crackcoach.app", "crackcoach.views"):
        if name == prefix or name.startswith(prefix + "."):
            return prefix.rpartition(".")[2]
    return "core"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_layer_imports_only_what_it_may(name: str) -> None:
    imported = imports_of(name)
    third_party = {m.split(".")[0] for m in imported}
    own_layers = {layer(m) for m in imported if m.startswith("crackcoach")}
    kind = layer(name)
    if kind != "cli":
        assert "typer" not in third_party and "click" not in third_party, name
        assert "cli" not in own_layers, name
    if kind in ("core", "app"):
        assert "rich" not in third_party, f"{name} draws: that belongs in views/"
    if kind in ("core", "views"):
        assert "app" not in own_layers, name


def test_only_the_store_speaks_sql() -> None:
    users = sorted(name for name in MODULES if "sqlite3" in imports_of(name))
    assert all(name.startswith("crackcoach.store") for name in users), users


def test_places_and_the_clock_are_looked_up_in_one_place() -> None:
    lookups = []
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        for needle in ("paths.database_path(", "paths.user_routines_dir(", "datetime.now(",
                       "paths.config_path(", "paths.user_plans_dir(", "paths.plan_state_path(",
                       "paths.systemd_user_dir(", "paths.session_bus(", "date.today("):
            if needle in source:
                lookups.append((name, needle))
    assert {name for name, _ in lookups} <= {"crackcoach.app.env"}, lookups


# The domain packages below views/ and app/, and which of them each may import
# (besides crackcoach.errors and itself). base is below everything; the content
# of the product (safety, routines) sits on it; the diary on safety; progress on
# the diary; plans on progress and routines. views/, app/ and cli/ stand above.
PACKAGES: dict[str, set[str]] = {
    "base": set(),
    "figures": {"base"},
    "safety": {"base"},
    "routines": {"base", "figures"},
    "diary": {"base", "safety"},
    "store": {"base", "diary", "safety"},
    "session": {"base", "diary", "routines"},
    "progress": {"base", "diary", "safety"},
    "plans": {"base", "diary", "figures", "progress", "routines", "safety"},
}
CORE_ROOT = {"crackcoach", "crackcoach.__main__", "crackcoach.errors"}


def package_of(name: str) -> str:
    return name.split(".")[1] if name.count(".") >= 1 else ""


def test_the_root_holds_only_the_package_its_errors_and_main() -> None:
    root = {name for name, path in MODULES.items() if path.parent == SRC}
    assert root == CORE_ROOT


def test_every_module_lives_in_a_known_package() -> None:
    known = {*PACKAGES, "app", "cli", "views"}
    assert {package_of(name) for name in MODULES if name not in CORE_ROOT} == known


@pytest.mark.parametrize("name", sorted(n for n in MODULES if package_of(n) in PACKAGES))
def test_each_domain_package_imports_only_the_packages_below_it(name: str) -> None:
    own = package_of(name)
    used = {package_of(m) for m in imports_of(name, type_only=True)
            if m in MODULES and m not in CORE_ROOT}
    assert used - {own} <= PACKAGES[own], f"{name} imports {sorted(used - {own})}"


def test_every_package_says_what_it_owns() -> None:
    for package in {*PACKAGES, "app", "cli", "views"}:
        init = SRC / package / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring, f"{package}/__init__.py has no docstring"


# Imports of the project's own modules made inside functions, and the only modules
# they may name: what start-up time needs deferred. Rich (views/), Typer (the
# declarations), PyYAML (the YAML parser and plan files), sqlite3 (the store),
# json (the export formats, the store's record of changes) and dataclasses (the
# learn pages) are each loaded only by the commands that use them, and the command
# line loads only the use case of the command it runs. Everything else is imported
# at the top of its file, where the dependency map can be read.
DEFERRED = {
    "crackcoach.app.progress",  # today's verdict on function
    "crackcoach.app.session_live",  # a session really played: Rich, runner, journal
    "crackcoach.base.pager", "crackcoach.base.yamlparse", "crackcoach.cli.commands",
    "crackcoach.cli.complete", "crackcoach.cli.fast",
    "crackcoach.diary.exchange",
    "crackcoach.safety.learn",
    "crackcoach.store", "crackcoach.store.importer",
    "crackcoach.store.sync",
    "crackcoach.views.columns", "crackcoach.views.console", "crackcoach.views.diary",
    "crackcoach.views.firstcheck", "crackcoach.views.plans", "crackcoach.views.progress",
    "crackcoach.views.reference", "crackcoach.views.routine_list", "crackcoach.views.routines",
    "crackcoach.views.session_plain", "crackcoach.views.today",
}
MOST_DEFERRED = 73


def deferred_imports() -> list[tuple[str, str]]:
    """(module, imported module) for each own-module import made inside a function."""
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if (isinstance(node, ast.ImportFrom) and node.module
                        and node.module.split(".")[0] == "crackcoach"):
                    targets = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
                    found.extend((name, target) for target in targets or {node.module})
    return found


def test_imports_sit_at_the_top_except_the_ones_start_up_defers() -> None:
    found = [(name, target) for name, target in deferred_imports()
             if not (layer(name) == "cli" and layer(target) == "app")]  # each command's use case
    assert {target for _, target in found} <= DEFERRED, sorted(
        f"{name} -> {target}" for name, target in found if target not in DEFERRED)
    statements = sum(1 for p in MODULES.values() for n in ast.walk(ast.parse(p.read_text()))
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     for i in ast.walk(n) if isinstance(i, ast.ImportFrom) and i.module
                     and i.module.split(".")[0] == "crackcoach")
    assert statements <= MOST_DEFERRED, f"{statements} imports inside functions"


def test_a_commands_declaration_and_its_use_case_share_a_module_name() -> None:
    # crackcoach.cli.commands.COMMANDS says where each command is declared; the use case
    # it calls is in the app module of the same name, so a command's name finds both.
    from crackcoach.cli.commands import COMMANDS

    for command, (module, function) in COMMANDS.items():
        cli_path = MODULES[f"crackcoach.cli.{module}"]
        app_path = MODULES[f"crackcoach.app.{module}"]
        tree = ast.parse(cli_path.read_text(encoding="utf-8"))
        declared = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert function in declared, f"{command}: no {function} in {cli_path.name}"
        uses = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert f"crackcoach.app.{module}" in uses or any(
            n.module == "crackcoach.app" and any(a.name == module for a in n.names)
            for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)), (command, app_path)
    declaring = {f"crackcoach.cli.{module}" for module, _ in COMMANDS.values()}
    helpers = {"crackcoach.__main__", "crackcoach.cli", "crackcoach.cli.commands",
               "crackcoach.cli.complete", "crackcoach.cli.fast", "crackcoach.cli.helpformat",
               "crackcoach.cli.listing", "crackcoach.cli.options", "crackcoach.cli.readers"}
    assert {name for name in MODULES if layer(name) == "cli"} == declaring | helpers
