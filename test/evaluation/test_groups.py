import pytest

from softassign.bin import score_groups
from softassign.errors import DataError
from softassign.evaluation.groups import group_rows, score_by_group
from softassign.evaluation.results import read_rows, write_rows

REFS = {"a1": "THE CAT SAT", "a2": "A DOG", "b1": "ONE TWO THREE FOUR"}
HYPS = {"a1": "THE CAT SAT", "a2": "A FROG", "b1": "ONE TWO"}
UTT2LANG = {"a1": "Arabic", "a2": "Arabic", "b1": "Mandarin", "c1": "Korean"}


def test_each_group_is_scored_on_its_own_utterances():
    scores = score_by_group(REFS, HYPS, UTT2LANG)
    assert list(scores) == ["Arabic", "Mandarin"]  # groups without references are not scored
    assert scores["Arabic"].wer == pytest.approx(100 * 1 / 5) and scores["Arabic"].n_utts == 2
    assert scores["Mandarin"].wer == pytest.approx(50.0) and scores["Mandarin"].n_words == 4


def test_an_utterance_without_group_or_hypothesis_is_named():
    with pytest.raises(DataError, match="utterance 'b1' has no group"):
        score_by_group(REFS, HYPS, {"a1": "x", "a2": "x"})
    with pytest.raises(DataError, match=r"hyp.txt \(Mandarin\): no hypothesis for utterance 'b1'"):
        score_by_group(REFS, {"a1": "", "a2": ""}, UTT2LANG, "hyp.txt")


def test_rows_carry_the_keys_and_the_group_column():
    rows = group_rows({"test_set": "l2", "system": "soft", "tau": "8"}, "l1", score_by_group(REFS, HYPS, UTT2LANG))
    assert rows[1] == {
        "test_set": "l2",
        "system": "soft",
        "tau": "8",
        "l1": "Mandarin",
        "wer": "50.00",
        "cer": "61.11",  # 11 of 18 characters deleted: " THREE FOUR"
        "n_utts": 1,
    }


def write_kaldi(path, table):
    path.write_text("".join(f"{k} {v}\n" for k, v in table.items()))
    return path


def decode_dir(root, name, system, tau, hyps):
    directory = root / name
    directory.mkdir()
    write_kaldi(directory / "text", hyps)
    write_rows(
        directory / "result.tsv",
        [
            {
                "test_set": "l2",
                "system": system,
                "tau": tau,
                "wer": "0",
                "cer": "0",
                "n_utts": 9,
                "tau_from": "grid" if tau else "",
            }
        ],
    )
    return directory


def test_bin_scores_decode_dirs_by_group_and_merges_them(tmp_path, capsys):
    ref, utt2lang = write_kaldi(tmp_path / "text", REFS), write_kaldi(tmp_path / "utt2lang", UTT2LANG)
    soft = decode_dir(tmp_path, "decode_l2_soft_tau8", "soft", "8", HYPS)
    hard = decode_dir(tmp_path, "decode_l2_hard", "hard", "", REFS)
    score_groups.main(
        [
            "--ref",
            str(ref),
            "--utt2group",
            str(utt2lang),
            "--group_column",
            "l1",
            "--out_dir",
            str(tmp_path / "results"),
            str(soft),
            str(hard),
        ]
    )
    rows = read_rows(tmp_path / "results/results.tsv")
    assert [(r["system"], r["tau_from"], r["l1"], r["wer"], r["n_utts"]) for r in rows] == [
        ("hard", "", "Arabic", "0.00", "2"),
        ("hard", "", "Mandarin", "0.00", "1"),
        ("soft", "grid", "Arabic", "20.00", "2"),
        ("soft", "grid", "Mandarin", "50.00", "1"),
    ]
    assert (soft / "result_by_l1.tsv").is_file()
    assert "| l2 | soft | 8 | grid | Mandarin | 50.00 |" in capsys.readouterr().out


def test_bin_needs_the_stage_9_result_of_each_decode_dir(tmp_path):
    ref, utt2lang = write_kaldi(tmp_path / "text", REFS), write_kaldi(tmp_path / "utt2lang", UTT2LANG)
    (tmp_path / "decode_x").mkdir()
    with pytest.raises(DataError, match="decode_x: no result.tsv"):
        score_groups.main(
            [
                "--ref",
                str(ref),
                "--utt2group",
                str(utt2lang),
                "--group_column",
                "l1",
                "--out_dir",
                str(tmp_path / "results"),
                str(tmp_path / "decode_x"),
            ]
        )
