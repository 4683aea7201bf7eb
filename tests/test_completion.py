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
