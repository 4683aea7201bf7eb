"""Shell completion: the scripts Typer writes, and the answers they get back, which include
the routine and plan names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROUTINES = ["back-reset", "cat-cow", "core-stability", "desk-hips", "foam-roll-upper-back",
            "quick-reset", "thoracic-rotations"]


@pytest.fixture
def complete(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What the shell's completion function gets back for the words typed so far."""

    def ask(shell: str, words: str) -> str:
        monkeypatch.setenv("_CRACKCOACH_COMPLETE", f"complete_{shell}")
        if shell == "bash":
            monkeypatch.setenv("COMP_WORDS", words)
            monkeypatch.setenv("COMP_CWORD", str(len(words.split(" ")) - 1))
        else:
            monkeypatch.setenv("_TYPER_COMPLETE_ARGS", words)
        result = cli()
        assert (result.exit_code, result.stderr) == (0, "")
        return str(result.stdout)

    return ask


def test_bash_completes_routine_names(complete: Any) -> None:
    assert complete("bash", "crackcoach start ").split() == ROUTINES
    assert complete("bash", "crackcoach show de").split() == ["desk-hips"]


def test_zsh_completes_routine_names(complete: Any) -> None:
    answer = complete("zsh", "crackcoach start ")
    assert answer.startswith("_arguments")
    for name in ROUTINES:
        assert f'"{name}"' in answer


def test_plans_settings_and_commands_complete_too(complete: Any, home: Path) -> None:
    assert complete("bash", "crackcoach plan ").split() == ["daily-reset", "desk-back-8-weeks"]
    (home / "routines").mkdir(parents=True)
    (home / "routines" / "evening.yaml").write_text("x", encoding="utf-8")
    assert "evening" in complete("bash", "crackcoach start ").split()
    assert complete("bash", "crackcoach config set week").split() == ["weekly-target",
                                                                       "week-start"]
    assert complete("bash", "crackcoach re").split() == ["report", "remind"]


@pytest.mark.parametrize("name", ["$(touch PWNED)", "`id`", "a;b", "new\nline",
                                  "\x1b]0;title\x07", "Capital", "sp ace"])
def test_names_the_rule_refuses_are_never_offered(complete: Any, home: Path, name: str,
                                                  tmp_path: Path) -> None:
    (home / "routines").mkdir(parents=True, exist_ok=True)
    (home / "routines" / f"{name}.yaml").write_text("x", encoding="utf-8")
    (home / "routines" / "fine-one.yaml").write_text("x", encoding="utf-8")
    for shell in ("bash", "zsh"):
        answer = complete(shell, "crackcoach start ")
        assert "fine-one" in answer
        assert name not in answer and "PWNED" not in answer and "\x1b" not in answer
    assert not (tmp_path / "PWNED").exists()


def test_the_completion_scripts(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    bash = cli("--show-completion", "bash")
    assert bash.exit_code == 0
    assert "complete -o default -F _crackcoach_completion crackcoach" in bash.stdout
    zsh = cli("--show-completion", "zsh")
    assert "#compdef crackcoach" in zsh.stdout
    assert "--install-completion" in cli("--help").stdout


# --- every value, answered without the command parser -------------------------------------------

def test_the_tables_match_the_commands() -> None:
    import typer.main

    from crackcoach.cli import complete
    from crackcoach.cli.commands import build_app, command_names
    from crackcoach.safety import signs
    from crackcoach.safety.learn import PAGES

    group = typer.main.get_command(build_app())
    assert list(complete.COMMANDS) == [*command_names(), "help"]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = {o: not p.is_flag for p in command.params if p.param_type_name == "option"
                   for o in p.opts if o.startswith("--") and o != "--help"}
        assert set(complete.OPTIONS[name]) == set(options), name
        assert {o for o, takes in options.items() if takes} <= complete.VALUE_OPTIONS, name
    assert list(complete.LEARN_TOPICS) == [page.key for page in PAGES]
    assert list(complete.FLAG_KEYS) == [flag.key for flag in signs.FLAGS]


def test_values_topics_settings_and_ids_complete(complete: Any, cli: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete("bash", "crackcoach learn ").split() == [
        "why-it-cracks", "myths", "safe-stretching", "when-to-seek-help", "before-you-start",
        "routine-format", "data-format"]
    assert complete("bash", "crackcoach learn m").split() == ["myths"]
    assert complete("bash", "crackcoach config ").split() == ["show", "get", "set", "unset"]
    assert complete("bash", "crackcoach config set week-start ").split() == ["monday",
                                                                              "sunday"]
    assert complete("bash", "crackcoach config set quiet ").split() == ["true", "false"]
    assert complete("bash", "crackcoach stats --routine de").split() == ["desk-hips"]
    assert complete("bash", "crackcoach log --mobility much").split() == [
        "much-worse", "much-better"]
    assert complete("bash", "crackcoach remind --days week").split() == ["weekdays",
                                                                          "weekend"]
    assert complete("bash", "crackcoach export --format ").split() == ["csv", "json", "fhir"]
    assert complete("bash", "crackcoach help st").split() == ["start", "stats"]
    assert "--routines-dir" in complete("bash", "crackcoach start --").split()
    assert complete("bash", "crackcoach edit ").split() == []  # no diary yet
    monkeypatch.delenv("_CRACKCOACH_COMPLETE")
    for level in (3, 4):
        assert cli("log", "--discomfort", str(level), "--stiffness", "2").exit_code == 0
    assert cli("done", "back-reset").exit_code == 0
    # Newest first (the session, recorded afterwards, started before the entries).
    assert complete("bash", "crackcoach delete ").split() == ["e2", "e1", "s1"]
    assert complete("bash", "crackcoach edit ").split() == ["e2", "e1"]
    # A file argument: nothing, so the shell offers file names itself.
    assert complete("bash", "crackcoach import ").split() == []
    assert complete("zsh", "crackcoach import ") == "_files\n"


def test_completion_never_loads_the_command_parser(home: Path) -> None:
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom crackcoach.cli import main\ntry:\n    main([])\n"
            "except SystemExit:\n    pass\nprint('typer' in sys.modules, file=sys.stderr)\n")
    env = {**os.environ, "_CRACKCOACH_COMPLETE": "complete_bash",
           "COMP_WORDS": "crackcoach learn ", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, timeout=60)
    assert done.stdout.split()[0] == "why-it-cracks"
    assert done.stderr == "False\n"


def _in_shell(shell: str, script: str, tmp_path: Path) -> str:
    import os
    import shutil
    import subprocess

    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    from homes import CRACKCOACH

    env = {**os.environ, "PATH": f"{Path(CRACKCOACH).parent}{os.pathsep}{os.environ['PATH']}",
           "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    env.pop("_CRACKCOACH_COMPLETE", None)
    source = subprocess.run([CRACKCOACH, "--show-completion", shell], env=env,
                            capture_output=True, text=True, check=True, timeout=60).stdout
    (tmp_path / f"completion.{shell}").write_text(source, encoding="utf-8")
    script = script.replace("{file}", str(tmp_path / f"completion.{shell}"))
    done = subprocess.run([shell, "-c", script], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


def test_real_bash_completes_values(tmp_path: Path, cli: Any) -> None:
    assert cli("log", "--discomfort", "3", "--stiffness", "2").exit_code == 0

    def tab(line: str) -> list[str]:
        script = ("source {file}\n"
                  f"COMP_WORDS=({line}); COMP_CWORD=${{#COMP_WORDS[@]}}\n"
                  + ("COMP_WORDS+=(''); " if line.endswith(" ") else
                     "COMP_CWORD=$((COMP_CWORD-1)); ")
                  + "_crackcoach_completion crackcoach\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
        return _in_shell("bash", script, tmp_path).split()

    assert tab("crackcoach learn ") == ["why-it-cracks", "myths", "safe-stretching",
                                        "when-to-seek-help", "before-you-start",
                                        "routine-format", "data-format"]
    assert tab("crackcoach config set week-start ") == ["monday", "sunday"]
    assert tab("crackcoach edit ") == ["e1"]
    assert tab("crackcoach start desk") == ["desk-hips"]


def test_real_zsh_completes_values(tmp_path: Path, cli: Any) -> None:
    assert cli("log", "--discomfort", "3", "--stiffness", "2").exit_code == 0

    def tab(*words: str) -> str:
        # compsys stand-ins that print what the script hands them: the script, the quoting
        # and zsh's own word handling are the real ones.
        typed = " ".join(f"'{w}'" for w in words)
        script = ("compdef() { :; }; _arguments() { print -rl -- \"$@\"; }; "
                  "_files() { print FILES; }; source {file}; "
                  f"words=({typed}); CURRENT={len(words)}; _crackcoach_completion\n")
        return _in_shell("zsh", script, tmp_path).strip()

    assert tab("crackcoach", "learn", "m") == '*: :(("myths"))'
    assert tab("crackcoach", "config", "set", "week-start", "") == (
        '*: :(("monday" "sunday"))')
    assert tab("crackcoach", "edit", "") == '*: :(("e1"))'
    assert tab("crackcoach", "import", "") == "FILES"


def test_real_fish_completes_values(tmp_path: Path, cli: Any) -> None:
    assert cli("log", "--discomfort", "3", "--stiffness", "2").exit_code == 0

    def tab(line: str) -> list[str]:
        script = f"source {{file}}; complete --do-complete '{line}'\n"
        return _in_shell("fish", script, tmp_path).split()

    assert tab("crackcoach learn m") == ["myths"]
    assert tab("crackcoach config set week-start ") == ["monday", "sunday"]
    assert tab("crackcoach edit ") == ["e1"]
    assert tab("crackcoach stats --routine desk") == ["desk-hips"]
