"""scripts/parse_options.sh: --help lists every option of a stage script with its default and meaning; options
override defaults in both spellings; anything that is not one of the script's options is refused."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from recipe_tools import ROOT

TEMPLATE = ROOT / "egs/TEMPLATE"
#: The stage scripts, as a recipe dir links them.
SCRIPTS = [ROOT / "egs/mini/asr1/asr.sh", ROOT / "egs/mini/tts1/tts.sh", ROOT / "egs/mini/asr1/scripts/units.sh"]
OPTION_LINE = re.compile(r"^([A-Za-z_]\w*)=(.*?)\s+#\s?(.*)$")


def declared_options(script: Path) -> dict[str, tuple[str, str]]:
    """name -> (default as written, comment) of the script's option lines."""
    options = {}
    for line in script.read_text().splitlines():
        if "parse_options.sh" in line and not line.startswith("#"):
            break
        if match := OPTION_LINE.match(line):
            options[match[1]] = (match[2].strip('"'), match[3])
    return options


def run(script: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", script, *args], cwd=script.parent, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.name)
def test_help_lists_every_option_with_its_default_and_meaning(script: Path) -> None:
    options = declared_options(script)
    assert len(options) > 10
    shown = run(script, "--help")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == script.read_text().splitlines()[1][2:], "the header comment comes first"
    listed = {line.split()[0][2:]: line for line in lines if line.startswith("  --")}
    assert set(listed) == set(options)
    for name, (default, comment) in options.items():
        assert comment and comment in listed[name], name
        if default and "$" not in default:
            assert default.split()[0] in listed[name], name


@pytest.fixture
def echo_script(tmp_path: Path) -> Path:
    """A script with two options that prints them and its positional arguments."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/parse_options.sh").symlink_to(TEMPLATE / "asr1/scripts/parse_options.sh")
    script = tmp_path / "echo.sh"
    script.write_text(
        "#!/usr/bin/env bash\n# Prints its options.\nset -euo pipefail\n"
        "feats_conf=conf/a.yaml  # a feature reader\nnj=4  # jobs\n"
        '. scripts/parse_options.sh\necho "${feats_conf} ${nj} $*"\n'
    )
    return script


@pytest.mark.parametrize("args", [["--feats_conf", "b.yaml", "--nj", "8"], ["--feats-conf=b.yaml", "--nj=8"]])
def test_options_override_their_defaults(echo_script: Path, args: list[str]) -> None:
    result = run(echo_script, *args)
    assert (result.returncode, result.stdout) == (0, "b.yaml 8 \n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--njobs", "8"], "unknown option --njobs"),
        (["--PATH", "/tmp"], "unknown option --PATH"),  # a variable of the environment is no option
        (["--positional_args", "true", "x"], "unknown option --positional_args"),
        (["stray"], "unexpected argument 'stray'"),
        (["--nj"], "option --nj needs a value"),
    ],
)
def test_anything_else_is_refused(echo_script: Path, args: list[str], message: str) -> None:
    result = run(echo_script, *args)
    assert result.returncode == 2 and message in result.stderr and not result.stdout
