"""softassign.bin.analyze_units on tiny unit models: synthetic 'phones' (test/phone_units.py), and audio.

The audio model's set is analysed from dumped features (--feats_scp) and from its audio through the reader
conf (--data_dir --reader_conf); both must give the same table.
"""

from pathlib import Path

import kaldiio
import numpy as np
import pytest
import soundfile
from phone_units import FRAME_SHIFT, NUM_UNITS, make_phone_set

from softassign.benchmarks.unit_model import train_unit_model
from softassign.bin import analyze_units
from softassign.conf import load_yaml
from softassign.datadir import write_data_dir
from softassign.dump import dump_features
from softassign.errors import ConfigError, DataError
from softassign.evaluation.results import read_rows
from softassign.features.sources import FeatureSource, build_reader_conf
from softassign.records import Record

TINY_CONFIG = Path(__file__).resolve().parents[1] / "espnet" / "conf" / "train_asr_units.yaml"
RATE, TONES = 16000, {"A": 300.0, "B": 900.0, "C": 1700.0}
AUDIO_TEXTS = ["AB C", "BA CA", "CAB", "AC BC", "BB A", "CA CB"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    data = make_phone_set(root / "data")
    return data, train_unit_model(data.feats_scp, data.text, TINY_CONFIG, NUM_UNITS, root / "model", num_utts=8)


def letter_audio(root: Path) -> Path:
    """A data dir of tone sequences, 0.1 s a letter (a tone each), 0.05 s of silence between words."""
    rng = np.random.default_rng(0)
    (root / "wav").mkdir(parents=True)
    wavs, texts = {}, {}
    for i, text in enumerate(AUDIO_TEXTS):
        pieces = []
        for word in text.split():
            t = np.arange(int(0.1 * RATE)) / RATE
            pieces += [0.3 * np.sin(2 * np.pi * TONES[letter] * t) for letter in word] + [np.zeros(int(0.05 * RATE))]
        wave = np.concatenate(pieces) + 0.01 * rng.standard_normal(sum(map(len, pieces)))
        utt = f"utt{i}"
        wavs[utt], texts[utt] = str(root / "wav" / f"{utt}.wav"), text
        soundfile.write(wavs[utt], wave.astype(np.float32), RATE, subtype="PCM_16")
    write_data_dir(root / "data", wavs, texts, dict.fromkeys(texts, "spk"))
    return root / "data"


@pytest.fixture(scope="module")
def audio_model(tmp_path_factory):
    """An MFCC unit model trained on the dumped (float32) features of an audio data dir; (data, conf, scp, model)."""
    root = tmp_path_factory.mktemp("audio_analysis")
    data = letter_audio(root)
    conf = root / "mfcc.yaml"
    conf.write_text("type: mfcc\nnum_ceps: 13\n")
    source = FeatureSource(data_dir=str(data), reader=build_reader_conf(conf))
    scp = dump_features(source, root / "feats", Record("test mfcc features"))
    model = train_unit_model(scp, data / "text", TINY_CONFIG, NUM_UNITS, root / "model", 6, 5, reader=load_yaml(conf))
    return data, conf, scp, model


def run_audio(audio_model, out_dir, source, *labels):
    """analyze_units on the audio model's set, features from ``source`` (the feature source options)."""
    _, _, _, model = audio_model
    options = ["--asr_train_config", str(model.config), "--asr_model_file", str(model.model_file)]
    options += ["--taus", "1", "100", "--test_set", "tones", "--out_dir", str(out_dir)]
    analyze_units.main([*source, *options, *labels])
    return read_rows(out_dir / "analysis.tsv")


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


@pytest.mark.slow  # trains a model
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


@pytest.mark.slow  # trains a model
def test_frame_shift_too_small_for_the_alignment_is_an_error_and_writes_nothing(trained, tmp_path):
    with pytest.raises(DataError, match=r"utterance utt00: the alignment ends at .* is the frame shift right"):
        run(trained, tmp_path / "out", "--ctm", str(trained[0].ctm), "--frame_shift", "0.005")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ConfigError, match="need the feature frame shift"):
        run(trained, tmp_path / "out", "--ctm", str(trained[0].ctm))


@pytest.mark.slow  # trains a model
def test_ctc_alignment_labels_frames_with_the_model_tokens(trained, tmp_path):
    with pytest.raises(ConfigError, match="--align_with_ctc needs the set's transcripts"):
        run(trained, tmp_path / "out", "--align_with_ctc")
    rows = run(trained, tmp_path / "ctc", "--align_with_ctc", "--text", str(trained[0].text))
    hard = rows[0]
    # every frame gets a token; the tokens are the transcripts' letters and <space>
    assert int(hard["n_frames"]) == num_frames(trained[0].feats_scp)
    assert 2 <= int(hard["n_labels"]) <= 7


@pytest.mark.slow  # trains a model
def test_features_from_audio_give_the_table_of_the_dumped_features(audio_model, tmp_path):
    data, conf, scp, _ = audio_model
    ctc = ["--align_with_ctc", "--text", str(data / "text")]
    dumped = run_audio(audio_model, tmp_path / "dumped", ["--feats_scp", str(scp)], *ctc)
    from_audio = run_audio(audio_model, tmp_path / "audio", ["--data_dir", str(data), "--reader_conf", str(conf)], *ctc)
    assert from_audio == dumped
    assert load_yaml(audio_model[3].config)["frontend_conf"]["reader"] == load_yaml(conf)  # the model's reader
    hard = from_audio[0]
    assert int(hard["n_frames"]) == num_frames(scp) and [r["tau"] for r in from_audio] == ["", "1", "100"]
    # the tone letters are distinct: soft inputs at a tau far above the centroid distances lose them
    assert float(from_audio[2]["ratio"]) != float(hard["ratio"])


@pytest.mark.slow  # trains a model
def test_the_reader_conf_gives_the_frame_shift_of_ctm_labels(audio_model, tmp_path):
    data, conf, scp, _ = audio_model
    ctm = tmp_path / "letters.ctm"
    ctm.write_text("".join(f"utt{i} 1 0.00 0.10 {text[0]}\n" for i, text in enumerate(AUDIO_TEXTS)))
    source = ["--data_dir", str(data), "--reader_conf", str(conf)]
    hard = run_audio(audio_model, tmp_path / "ctm", source, "--ctm", str(ctm))[0]
    assert int(hard["n_frames"]) == 6 * 10  # the first letter of each utterance: 0.1 s at MFCC's 10 ms
    assert int(hard["n_labels"]) == 3
    with pytest.raises(ConfigError, match="--data_dir needs --reader_conf"):
        run_audio(audio_model, tmp_path / "x", ["--data_dir", str(data)], "--ctm", str(ctm), "--frame_shift", "0.01")
    with pytest.raises(SystemExit):  # one feature source, not both
        run_audio(audio_model, tmp_path / "x", ["--data_dir", str(data), "--feats_scp", str(scp)], "--ctm", str(ctm))
