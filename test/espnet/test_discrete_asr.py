"""ESPnet asr2's source texts from unit ids: repeats collapsed, one CJK character per id, as its asr2.sh does."""

from __future__ import annotations

from pathlib import Path

import kaldiio
import numpy as np
import pytest

from softassign.bin import units_to_text
from softassign.datadir import read_table
from softassign.errors import ConfigError
from softassign.espnet.discrete_asr import CJK_SIZE, deduplicate, unit_string, unit_text


def test_deduplicate_collapses_consecutive_repeats_only() -> None:
    assert deduplicate(np.array([3, 3, 1, 1, 1, 3, 0])).tolist() == [3, 1, 3, 0]
    assert deduplicate(np.array([], dtype=np.int64)).tolist() == []


def test_each_id_is_one_cjk_character_from_u4e00() -> None:
    assert unit_string([0, 0, 1, 4095]) == "\u4e00\u4e01\u5dff"
    assert unit_string([0, 0, 1], dedup=False) == "\u4e00\u4e00\u4e01"
    assert unit_string([CJK_SIZE - 1]) == "\u9fff"


@pytest.mark.parametrize("ids", [[-1, 2], [CJK_SIZE]])
def test_ids_outside_the_cjk_block_are_refused(ids) -> None:
    with pytest.raises(ConfigError, match="unit ids must lie in"):
        unit_string(ids)


def write_units(tmp_path: Path, units: dict[str, list[int]]) -> Path:
    scp = tmp_path / "units.scp"
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'units.ark'},{scp}") as writer:
        for utt, ids in units.items():
            writer[utt] = np.array(ids, dtype=np.int32)
    return scp


def test_a_units_scp_becomes_a_kaldi_text(tmp_path) -> None:
    scp = write_units(tmp_path, {"a": [5, 5, 6], "b": [7]})
    out = unit_text(scp, tmp_path / "text.rm")
    assert read_table(out) == {"a": "\u4e05\u4e06", "b": "\u4e07"}


def test_the_command_writes_every_pair(tmp_path) -> None:
    scp = write_units(tmp_path, {"a": [1, 1, 2]})
    units_to_text.main([f"{scp}:{tmp_path / 'rm'}", "--no_dedup"])
    assert read_table(tmp_path / "rm") == {"a": "\u4e01\u4e01\u4e02"}
