"""The README tells the truth: every task and setting documented, the Quick start and CI agree."""

from __future__ import annotations

import re

from conftest import ROOT, SAMPLE
from invoke import Collection

import tasks

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)


def test_every_task_has_one_line_help_and_is_in_the_readme():
    collection = Collection.from_module(tasks)
    assert set(collection.task_names) >= {"build", "clean", "serve", "livereload", "test"}
    for name in collection.task_names:
        task = collection[name]
        help_text = (task.__doc__ or "").strip()
        assert help_text and "\n" not in help_text, f"invoke {name} needs a one-line docstring"
        assert re.search(rf"`invoke {name}[` ]", README), f"invoke {name} is not documented in the README"


def test_every_setting_is_in_the_readme():
    for settings_file in ("pelicanconf.py", "publishconf.py"):
        names = re.findall(r"^([A-Z_]+) =", (SAMPLE / settings_file).read_text(), re.MULTILINE)
        assert names
        for name in names:
            assert f"| `{name}` |" in README, f"{name} from {settings_file} is not in the README's settings table"


def test_settings_are_plain_data():
    source = (SAMPLE / "pelicanconf.py").read_text()
    assert not re.search(r"^\s*(def|class|if|for|while|import|from)\b", source, re.MULTILINE)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = quick_start_commands()
    assert len(commands) == 2 and all("\n" not in command for command in commands)
    run_site, run_tests = commands
    assert run_site.endswith("invoke build serve")
    assert run_tests.endswith("invoke test")
    ci = (ROOT / ".ci" / "run").read_text()
    assert run_tests in ci.splitlines()
