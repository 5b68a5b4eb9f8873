"""Importing softassign.espnet makes nltk.download a quiet offline no-op (g2p_en calls it on import)."""

from __future__ import annotations

import nltk
import pytest

import softassign.espnet  # noqa: F401  (silences nltk.download on import)


def test_nltk_download_is_silent_and_reports_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert nltk.download("cmudict") is False
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
