import pytest
import torch

from softassign.errors import ConfigError
from softassign.espnet.greedy_ctc import BLANK_ID, best_path_ids, check_has_ctc
from softassign.espnet.inference import load_speech2text


def test_best_path_merges_repeats_before_it_drops_blanks_and_eos():
    eos = 9
    frames = torch.tensor([BLANK_ID, 3, 3, BLANK_ID, 3, 5, 5, BLANK_ID, eos, 4])
    assert best_path_ids(frames, eos) == [3, 3, 5, 4]  # the blank between the two 3s keeps them apart


def test_best_path_of_blanks_alone_is_empty():
    assert best_path_ids(torch.zeros(7, dtype=torch.long), eos_id=9) == []


def test_a_model_without_ctc_is_refused_naming_its_config_before_it_loads(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("model_conf:\n  ctc_weight: 0.0\n")
    with pytest.raises(ConfigError, match=f"{config}.*greedy_ctc"):
        load_speech2text(str(config), str(tmp_path / "absent.pth"), search="greedy_ctc")
    for ctc in ("model_conf:\n  ctc_weight: 1.0\n", "model_conf: {}\n"):  # ESPnet's default weight is 0.5
        config.write_text(ctc)
        check_has_ctc(str(config))
