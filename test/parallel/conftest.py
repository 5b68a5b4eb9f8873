"""Fixtures for the launcher tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from softassign.bin.launch import main


@pytest.fixture
def launch_cli(tmp_path, monkeypatch, capsys) -> Callable[..., tuple[int, str]]:
    """``python -m softassign.bin.launch ARGS`` in-process from tmp_path: ``launch_cli(*args) -> (status, stderr)``."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        return exit_info.value.code, capsys.readouterr().err

    return run
