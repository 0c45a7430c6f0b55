"""docs/cli.md keeps up with the code: every command and option the parser knows is described,
and the fields it lists for ``list --json``, ``show --json`` and ``sources --json`` are the ones
those commands print on the demo library."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
from typing import Any

import pytest
from support.paths import REPO

from newsreader.cli import build_parser, main
from newsreader.demo import demo_sources

DOCS = REPO / "docs"
CLI_DOC = (DOCS / "cli.md").read_text("utf-8")


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name (none when it has no subparsers)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def command_heading(name: str) -> re.Pattern[str]:
    return re.compile(rf"^### .*`newsreader {re.escape(name)}[ `]", re.M)


def section(name: str) -> str:
    """The text under the heading of command ``name``, up to the next heading."""
    found = command_heading(name).search(CLI_DOC)
    assert found is not None, f"docs/cli.md has no heading for `newsreader {name}`"
    end = re.compile(r"^#", re.M).search(CLI_DOC, found.end())
    return CLI_DOC[found.start() : end.start() if end else len(CLI_DOC)]


def test_every_command_has_a_heading() -> None:
    commands = subcommands(build_parser())
    assert {"add", "list", "show", "sources", "account", "view"} <= set(commands)
    missing = [name for name in commands if not command_heading(name).search(CLI_DOC)]
    assert missing == [], "commands docs/cli.md has no heading for"


def test_every_action_and_option_is_described_under_its_command() -> None:
    parser = build_parser()
    missing = [option for option in long_options(parser) if f"`{option}" not in CLI_DOC]
    for name, command in subcommands(parser).items():
        text = section(name)
        missing += [f"{name} {option}" for option in long_options(command) if option not in text]
        for action, sub in subcommands(command).items():
            if f"{name} {action}" not in text:
                missing.append(f"{name} {action}")
            missing += [f"{name} {action} {option}" for option in long_options(sub) if option not in text]
    assert missing == [], "commands, actions or options docs/cli.md does not describe under their command"


def documented_fields(marker: str) -> list[str]:
    """The field names in the first column of the first table under the heading holding ``marker``."""
    lines = CLI_DOC.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("### ") and marker in line)
    fields: list[str] = []
    in_table = False
    for line in lines[start + 1 :]:
        if line.startswith("#") or (in_table and not line.startswith("|")):
            break  # the first table only (show's block table follows its field table)
        in_table = line.startswith("|")
        cell = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
        if cell:
            fields.append(cell.group(1))
    assert fields, f"no field table under the heading with {marker}"
    return fields


def printed(*argv: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    assert code == 0, argv
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``list``, ``show`` and ``sources`` as JSON on a store holding the demo library."""
    home = tmp_path_factory.mktemp("docs-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSREADER_HOME", str(home))
        with contextlib.redirect_stderr(io.StringIO()):
            printed("add", "--json", *map(str, demo_sources()))
            listed = printed("list", "--json", "--limit", "500")
            shown = [printed("show", article["id"], "--json") for article in listed]
            sources = printed("sources", "--json")
    assert listed and sources
    return {"list": listed, "show": shown, "sources": sources}


@pytest.mark.parametrize(
    ("command", "marker"), [("list", "`list --json`"), ("show", "`show --json`"), ("sources", "`sources --json`")]
)
def test_documented_fields_are_printed(demo_json: dict[str, Any], command: str, marker: str) -> None:
    fields = documented_fields(marker)
    for item in demo_json[command]:
        assert [name for name in fields if name not in item] == [], f"{command} --json lacks fields docs/cli.md lists"


@pytest.mark.parametrize(
    ("command", "marker"), [("list", "`list --json`"), ("show", "`show --json`"), ("sources", "`sources --json`")]
)
def test_printed_fields_are_documented(demo_json: dict[str, Any], command: str, marker: str) -> None:
    fields = set(documented_fields(marker))
    printed_fields = {name for item in demo_json[command] for name in item}
    assert printed_fields - fields == set(), f"{command} --json prints fields docs/cli.md does not list"


def test_block_types_of_the_demo_are_documented(demo_json: dict[str, Any]) -> None:
    section = CLI_DOC[CLI_DOC.index("Each block has a `type`") :]
    documented = set(re.findall(r"^\| `([a-z]+)`", section, re.M))
    used = {block["type"] for article in demo_json["show"] for block in article["blocks"]}
    assert {"paragraph", "quote", "list", "related"} <= used
    assert used - documented == set()


def test_docs_are_linked() -> None:
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    assert "docs/README.md" in readme and "docs/cli.md" in readme
    index = (DOCS / "README.md").read_text("utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, f"docs/README.md does not link {page.name}"
