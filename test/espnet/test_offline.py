"""Importing softassign.espnet keeps ESPnet offline and quiet: nltk.download (g2p_en calls it on import) is a
no-op, and ESPnet's import-time notices reach neither stdout nor stderr."""

from __future__ import annotations

import subprocess
import sys

import nltk
import pytest

import softassign.espnet  # noqa: F401  (silences nltk.download on import)


def test_nltk_download_is_silent_and_reports_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert nltk.download("cmudict") is False
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_espnets_import_notices_stay_out_of_stdout_and_stderr() -> None:
    """A fresh interpreter importing ESPnet's ASR inference after softassign.espnet prints nothing."""
    code = "import softassign.espnet\nimport espnet2.bin.asr_inference\nimport espnet2.tasks.asr\n"
    result = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == ""
    assert "Flash Attention" not in result.stderr and "autocast" not in result.stderr, result.stderr
