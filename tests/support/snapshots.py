"""What the snapshot tests share: the two terminal sizes, and letting a frame settle before it is taken."""

from __future__ import annotations

import pytest

from support.ui_fixtures import settle as settle_workers

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def settle(pilot) -> None:
    await settle_workers(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def pressing(*keys: str):
    """A run_before that lets the app settle, presses ``keys``, and settles again."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before
