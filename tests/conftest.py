"""Shared test fixtures: a home folder per test, and where the shared samples live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from support.paths import SHARED


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder, also set as NEWSREADER_HOME so nothing touches the user's store."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("NEWSREADER_HOME", str(folder))
    return folder


@pytest.fixture
def shared() -> Path:
    """The project's shared folder (samples, corpus); skips when this checkout has none."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


# Property tests explore new examples on a developer's machine; in CI they are
# derandomized, so a run is repeatable and a red CI names a real regression.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the internet: a connection to anywhere but 127.0.0.1 is refused.

    Keeping a bookmark fetches its page, and a refresh fetches every feed, so a
    slip in a fixture would otherwise go out to the network.
    """
    import socket

    real = socket.create_connection

    def loopback_only(address, *args, **kwargs):
        if address[0] not in ("127.0.0.1", "localhost", "::1"):
            raise ConnectionRefusedError(f"test: no network beyond 127.0.0.1 ({address[0]})")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_only)


@pytest.fixture
def library(tmp_path: Path):
    """The UI tests' store (ui_fixtures.make_store) and what it holds; closed afterwards."""
    from support.ui_fixtures import make_store

    store, info = make_store(tmp_path)
    yield store, info
    store.close()


@pytest.fixture(scope="session")
def coldsweat(tmp_path_factory: pytest.TempPathFactory):
    """A real Fever server (coldsweat 0.10.2, in its own venv) on 127.0.0.1, with its feeds on
    a loopback server; for the whole session (tests/support/coldsweat.py)."""
    from support.coldsweat import Coldsweat
    from support.loopback import LoopbackServer

    with LoopbackServer() as feeds:
        try:
            server = Coldsweat(tmp_path_factory.mktemp("coldsweat"), feeds)
        except RuntimeError as error:  # no venv and no way to make one (no package index here)
            pytest.skip(f"no coldsweat: {error}")
        server.start()
        try:
            yield server
        finally:
            server.stop()
