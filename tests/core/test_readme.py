"""The README's promises that code can check: the first command works without an activated
environment, and the [keys] action names are the app's."""

from __future__ import annotations

import re
import subprocess
import sys

from support.paths import README as README_FILE

README = README_FILE.read_text("utf-8")


def test_the_first_command_has_a_form_that_needs_no_path() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert "newsreader --demo" in blocks[0]
    set_up = README[README.index("## Set up") : README.index("## Use")]
    assert "command not found" in set_up
    assert any(block.strip() == "python -m newsreader --demo" for block in blocks[:3])
    done = subprocess.run([sys.executable, "-m", "newsreader", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--demo" in done.stdout


def test_every_key_action_is_named_and_every_name_is_an_action() -> None:
    from textual.binding import Binding

    from newsreader.ui.app import NewsReaderApp
    from newsreader.ui.keys import help_groups

    actions = {
        binding.id
        for _, classes in help_groups()
        for cls in (*classes, NewsReaderApp)
        for binding in cls.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }
    actions = {name for name in actions if not name.startswith("follow_") or name == "follow_link"}
    listed = README[README.index("Every key can be changed") : README.index("### Commands")]
    named = set(re.findall(r"`([a-z_0-9]+)`", listed)) - {"keys"}
    named = {name for name in named if not re.fullmatch(r"follow_\d", name)}
    assert {"remove_source", "rename_source"} <= actions
    assert actions - named == set(), "actions the README does not name"
    assert named - actions == set(), "names in the README that are no action"
