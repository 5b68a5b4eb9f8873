"""Every shell script of the project passes shellcheck."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shell_scripts() -> list[Path]:
    candidates = [p for p in ROOT.rglob("*") if p.is_file() and not p.is_symlink()]
    skip = ("tools/venv", ".git", "/exp/", "/dump/", "/data/", "/downloads/")
    scripts = []
    for path in candidates:
        rel = "/" + str(path.relative_to(ROOT))
        if any(part in rel for part in skip):
            continue
        if path.suffix == ".sh" or (path.suffix == "" and path.read_bytes()[:64].startswith(b"#!/usr/bin/env bash")):
            scripts.append(path)
    return sorted(scripts)


def test_there_are_scripts_to_check():
    names = {p.name for p in shell_scripts()}
    assert {"asr.sh", "install.sh", "run"} <= names


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shellcheck_passes(script):
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is not installed (tools/install.sh installs it)"
    result = subprocess.run(
        [shellcheck, "-x", "-P", "SCRIPTDIR", str(script)], capture_output=True, text=True, cwd=script.parent
    )
    assert result.returncode == 0, result.stdout + result.stderr
