"""egs/mini/asr1/conf/<size>.sh: the settings run.sh reads, resolved per feature type as run.sh resolves them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

RECIPE = Path(__file__).resolve().parents[2] / "egs" / "mini" / "asr1"
SIZES = sorted(path.stem for path in (RECIPE / "conf").glob("*.sh"))
PER_TYPE = ("taus", "asr_units_config", "asr_continuous_config")


def own_hubert_types() -> list[str]:
    """The feature types of the recipe's own (small) HuBERT: every layer and iteration."""
    return sorted(
        path.stem
        for path in (RECIPE / "conf" / "feats").glob("*.yaml")
        if yaml.safe_load(path.read_text()).get("model") == "small_hubert"
    )


def resolved(size: str, feats: str) -> list[str]:
    """The per-type settings of ``feats`` under conf/<size>.sh, through stage_lib.sh's for_feats."""
    lookups = "; ".join(f'for_feats {name} "$1"' for name in PER_TYPE)
    script = f"corpus_size={size}; . conf/{size}.sh; . scripts/stage_lib.sh; {lookups}"
    result = subprocess.run(
        ["bash", "-c", script, "bash", feats], cwd=RECIPE, capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.splitlines()


def test_there_are_sizes_and_hubert_types():
    assert {"tiny", "ci", "bench", "bench_iter2"} <= set(SIZES)
    assert {"hubert_pretrained", "hubert_pretrained_l1", "hubert_iter2"} <= set(own_hubert_types())


@pytest.mark.parametrize("size", SIZES)
def test_every_own_hubert_type_gets_the_settings_of_the_others(size):
    """A layer or iteration of the same 50 Hz model must not fall back to the MFCC tau grid and 3x subsampling."""
    settings = {feats: resolved(size, feats) for feats in own_hubert_types()}
    assert all(len(values) == len(PER_TYPE) for values in settings.values())
    assert len({tuple(values) for values in settings.values()}) == 1, settings
