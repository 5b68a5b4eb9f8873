"""softassign.bin.analyze_units on a tiny unit model trained on synthetic 'phones' (test/phone_units.py)."""

from pathlib import Path

import kaldiio
import pytest
from phone_units import FRAME_SHIFT, NUM_UNITS, make_phone_set

from softassign.bench.unit_model import train_unit_model
from softassign.bin import analyze_units
from softassign.errors import ConfigError, DataError
from softassign.eval.results import read_rows

TINY_CONFIG = Path(__file__).resolve().parents[1] / "espnet" / "conf" / "train_asr_units.yaml"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    data = make_phone_set(root / "data")
    return data, train_unit_model(data.feats_scp, data.text, TINY_CONFIG, NUM_UNITS, root / "model", num_utts=8)


def num_frames(scp):
    return sum(len(matrix) for matrix in kaldiio.load_scp(str(scp)).values())


def run(trained, out_dir, *labels):
    data, model = trained
    analyze_units.main(
        [
            "--feats_scp",
            str(data.feats_scp),
            "--asr_train_config",
            str(model.config),
            "--asr_model_file",
            str(model.model_file),
            "--taus",
            "0.5",
            "50",
            "--label_free_tau",
            "5",
            "--test_set",
            "synth",
            "--out_dir",
            str(out_dir),
            *labels,
        ]
    )
    return read_rows(out_dir / "analysis.tsv")


def test_ctm_labels_at_the_feature_frame_shift(trained, tmp_path):
    rows = run(trained, tmp_path / "right", "--ctm", str(trained[0].ctm), "--frame_shift", str(FRAME_SHIFT))
    assert [(r["system"], r["tau"], r["tau_from"]) for r in rows] == [
        ("hard", "", ""),
        ("soft", "0.5", "grid"),
        ("soft", "50", "grid"),
        ("soft", "5", "label_free"),
    ]
    hard = rows[0]
    assert float(hard["phone_purity"]) > 0.95 and int(hard["n_labels"]) == 6
    assert int(hard["n_frames"]) == num_frames(trained[0].feats_scp)  # the CTM covers every frame
    assert "| synth | hard |" in (tmp_path / "right" / "analysis.md").read_text()
    # labels stretched over twice the time (a 20 ms shift for 10 ms frames) no longer match the units
    stretched = run(trained, tmp_path / "stretched", "--ctm", str(trained[0].ctm), "--frame_shift", "0.02")
    assert float(stretched[0]["phone_purity"]) < float(hard["phone_purity"]) - 0.2


def test_frame_shift_too_small_for_the_alignment_is_an_error_and_writes_nothing(trained, tmp_path):
    with pytest.raises(DataError, match=r"utterance utt00: the alignment ends at .* is the frame shift right"):
        run(trained, tmp_path / "out", "--ctm", str(trained[0].ctm), "--frame_shift", "0.005")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ConfigError, match="need the feature frame shift"):
        run(trained, tmp_path / "out", "--ctm", str(trained[0].ctm))


def test_ctc_alignment_labels_frames_with_the_model_tokens(trained, tmp_path):
    with pytest.raises(ConfigError, match="--align_with_ctc needs the set's transcripts"):
        run(trained, tmp_path / "out", "--align_with_ctc")
    rows = run(trained, tmp_path / "ctc", "--align_with_ctc", "--text", str(trained[0].text))
    hard = rows[0]
    # every frame gets a token; the tokens are the transcripts' letters and <space>
    assert int(hard["n_frames"]) == num_frames(trained[0].feats_scp)
    assert 2 <= int(hard["n_labels"]) <= 7
