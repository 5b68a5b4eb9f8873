import math

import kaldiio
import numpy as np
import pytest
import soundfile
import torch

from softassign.datadir import read_table, write_table
from softassign.errors import DataError
from softassign.evaluation.synthesis import (
    MCD_DB,
    SynthesisScores,
    compare_scores,
    compare_waves,
    dtw_path,
    intelligibility,
    load_world_features,
    log_f0_rmse,
    mel_cepstral_distortion,
    read_utt_scores,
    reference_features,
    score_synthesis,
    summarize,
    write_utt_scores,
    write_world_features,
)
from softassign.records import command_record

RATE = 16000


def harmonic_tone(f0: float, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return sum(0.3 / k * np.sin(2 * np.pi * k * f0 * t) for k in range(1, 6))


def test_mcd_constant_is_the_usual_one():
    assert pytest.approx(6.14185, abs=1e-5) == MCD_DB


def test_mcd_of_a_known_offset():
    ref = np.zeros((10, 25))
    syn = ref.copy()
    syn[:, 1] = 1.0  # distance 1 in c1 on every frame
    syn[:, 0] = 5.0  # c0 (energy) is not counted
    path = np.stack([np.arange(10), np.arange(10)], axis=1)
    assert mel_cepstral_distortion(ref, syn, path) == pytest.approx(10 / math.log(10) * math.sqrt(2))


def test_dtw_aligns_a_time_stretched_copy():
    ref = np.random.default_rng(0).standard_normal((30, 25))
    slow = np.repeat(ref, 2, axis=0)
    path = dtw_path(ref, slow)
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [29, 59]
    assert mel_cepstral_distortion(ref, slow, path) == 0.0


def test_log_f0_rmse_uses_frames_voiced_in_both():
    ref = np.array([100.0, 100.0, 0.0, 200.0])
    syn = np.array([100.0 * math.e, 0.0, 150.0, 200.0])
    path = np.stack([np.arange(4), np.arange(4)], axis=1)
    rmse, voiced = log_f0_rmse(ref, syn, path)
    assert voiced == 2 and rmse == pytest.approx(math.sqrt(0.5))
    assert math.isnan(log_f0_rmse(ref * 0, syn, path)[0])


def test_identical_signals_score_zero():
    tone = harmonic_tone(200.0)
    scores = compare_waves(tone, tone, RATE)
    assert scores.mcd == 0.0 and scores.log_f0_rmse == 0.0 and scores.voiced_frames > 150


def test_known_pitch_shift_gives_its_log_ratio():
    scores = compare_waves(harmonic_tone(200.0), harmonic_tone(220.0), RATE)
    assert scores.log_f0_rmse == pytest.approx(math.log(220 / 200), abs=0.003)
    assert scores.mcd > 1.0


def test_summary_skips_utterances_without_voiced_frames():
    summary = summarize({"a": SynthesisScores(4.0, 0.1, 50), "b": SynthesisScores(6.0, math.nan, 0)})
    assert summary == {"mcd": 5.0, "log_f0_rmse": 0.1, "n_utts": 2, "n_f0_utts": 1}


def test_the_summary_gives_the_means_to_3_decimals():
    summary = summarize({"a": SynthesisScores(9.9141880, 0.49410518, 50), "b": SynthesisScores(9.0, 0.5, 40)})
    assert (summary["mcd"], summary["log_f0_rmse"]) == (9.457, 0.497)


@pytest.fixture
def syn_scp(data_dir, tmp_path):
    """Two synthesized utterances: an exact copy and a pitch-shifted tone."""
    wavs = read_table(data_dir / "wav.scp")
    first, second = sorted(wavs)[:2]
    shifted = tmp_path / "shifted.wav"
    soundfile.write(shifted, harmonic_tone(330.0, 0.6), RATE)
    write_table(tmp_path / "wav.scp", {first: wavs[first], second: str(shifted)})
    return tmp_path / "wav.scp"


def test_score_synthesis_against_a_data_dir(data_dir, syn_scp):
    scores = score_synthesis(data_dir, syn_scp)
    copy, shifted = (scores[u] for u in sorted(scores))
    assert copy.mcd == 0.0 and copy.log_f0_rmse == 0.0
    assert shifted.mcd > 1.0


def test_synthesized_utterance_without_reference_is_an_error(data_dir, tmp_path):
    write_table(tmp_path / "wav.scp", {"stranger": str(tmp_path / "x.wav")})
    with pytest.raises(DataError, match="'stranger' has no reference"):
        score_synthesis(data_dir, tmp_path / "wav.scp")


def test_intelligibility_scores_the_transcribe_function(data_dir, syn_scp):
    calls = []

    def transcribe(wave, rate):
        calls.append((wave.dtype, rate))
        return "HELLO WORLD"

    refs = read_table(data_dir / "text")
    scores = intelligibility(transcribe, syn_scp, refs)
    assert calls == [(torch.float32, RATE)] * 2
    assert scores.n_utts == 2 and scores.wer == pytest.approx(100 / 3)


def test_intelligibility_needs_a_reference_for_every_utterance(syn_scp):
    with pytest.raises(DataError, match="no reference transcript"):
        intelligibility(lambda wave, rate: "", syn_scp, {})


def test_utt_scores_round_trip_and_a_bad_row_is_named(tmp_path):
    scores = {"a": SynthesisScores(4.5, 0.125, 50), "b": SynthesisScores(6.0, math.nan, 0)}
    write_utt_scores(tmp_path / "utt_scores.tsv", scores)
    back = read_utt_scores(tmp_path / "utt_scores.tsv")
    assert back["a"] == scores["a"] and back["b"].voiced_frames == 0 and math.isnan(back["b"].log_f0_rmse)
    (tmp_path / "bad.tsv").write_text("utt\tmcd\tlog_f0_rmse\tvoiced_frames\na\tx\t0.1\t3\n")
    with pytest.raises(DataError, match="bad.tsv:2: not an utterance score row"):
        read_utt_scores(tmp_path / "bad.tsv")


def test_compare_scores_pairs_utterances_and_takes_log_f0_over_frames_voiced_in_both():
    hard = {f"u{i}": SynthesisScores(5.0 + i, 0.2, 10) for i in range(6)}
    soft = {utt: SynthesisScores(s.mcd - 0.3, 0.1, 10) for utt, s in hard.items()}
    soft["u0"] = SynthesisScores(4.7, math.nan, 0)  # unvoiced in soft: left out of the log-F0 comparison
    result = compare_scores(soft, hard)
    assert result["mcd"].delta == pytest.approx(-0.3) and result["mcd"].high < 0
    assert result["log_f0_rmse"].delta == pytest.approx(-0.1) and result["log_f0_rmse"].high < 0


def test_worker_processes_give_the_same_scores(data_dir, syn_scp):
    assert score_synthesis(data_dir, syn_scp, n_jobs=2) == score_synthesis(data_dir, syn_scp)


def test_a_bad_synthesized_file_is_named_also_from_a_worker(data_dir, tmp_path):
    utt = sorted(read_table(data_dir / "wav.scp"))[0]
    (tmp_path / "broken.wav").write_bytes(b"not a wav")
    write_table(tmp_path / "wav.scp", {utt: str(tmp_path / "broken.wav")})
    with pytest.raises(DataError, match=f"{utt}"):
        score_synthesis(data_dir, tmp_path / "wav.scp", n_jobs=2)


def write_world(data_dir, out_dir, drop: int = 0):
    """The stored WORLD analysis of a data dir's audio, less its first ``drop`` utterances; returns the scp."""
    features = list(reference_features(data_dir, n_jobs=2))[drop:]
    write_world_features(out_dir / "world.ark", out_dir / "world.scp", features, command_record(["test"], [out_dir]))
    return out_dir / "world.scp"


def test_stored_reference_features_give_the_scores_of_the_audio(data_dir, syn_scp, tmp_path):
    scp = write_world(data_dir, tmp_path / "world")
    entries = read_table(scp)
    assert set(entries) == set(read_table(data_dir / "wav.scp"))
    utt = sorted(entries)[0]
    stored = load_world_features(scp, utt, entries[utt])
    audio = dict(reference_features(data_dir))[utt]
    assert np.array_equal(stored.f0, audio.f0) and np.array_equal(stored.mcep, audio.mcep)
    assert score_synthesis(None, syn_scp, n_jobs=2, ref_world_scp=scp) == score_synthesis(data_dir, syn_scp)


def test_a_synthesized_utterance_without_stored_reference_features_is_named(data_dir, syn_scp, tmp_path):
    scp = write_world(data_dir, tmp_path / "world", drop=1)
    with pytest.raises(DataError, match="has no reference features in .*world.scp"):
        score_synthesis(None, syn_scp, ref_world_scp=scp)


def test_a_stored_entry_that_is_not_world_features_is_named(tmp_path):
    kaldiio.save_ark(str(tmp_path / "world.ark"), {"utt1": np.zeros(5, dtype=np.float32)}, scp=str(tmp_path / "w.scp"))
    with pytest.raises(DataError, match="w.scp: utterance utt1: shape"):
        load_world_features(tmp_path / "w.scp", "utt1", read_table(tmp_path / "w.scp")["utt1"])
    with pytest.raises(DataError, match="w.scp: utterance utt2: cannot read"):
        load_world_features(tmp_path / "w.scp", "utt2", str(tmp_path / "missing.ark:7"))
