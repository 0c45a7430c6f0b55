"""Giving the heap's free memory back (newsreader.heap): found where glibc has it, harmless elsewhere."""

from __future__ import annotations

import platform
import sys

import pytest

from newsreader.heap import _malloc_trim, give_back_free_memory


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's malloc_trim only"
)
def test_glibc_malloc_trim_is_found_and_called() -> None:
    trim = _malloc_trim()
    assert trim is not None
    assert trim(0) in (0, 1)  # 1: memory was given back, 0: there was none to give
    give_back_free_memory()


def test_without_malloc_trim_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    _malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert _malloc_trim() is None
        give_back_free_memory()  # collects, trims nothing, raises nothing
    finally:
        _malloc_trim.cache_clear()
