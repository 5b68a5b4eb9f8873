import subprocess
import sys

import pytest

from softassign.bin.validate_data_dir import main, validate_data_dir
from softassign.errors import DataError

HINT = "(does the utterance id contain a space?)"


def run_main(capsys, *argv):
    """main(argv) -> (exit status, stdout, stderr)."""
    try:
        main([str(a) for a in argv])
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def rewrite_first_line(path, rewrite):
    lines = path.read_text().splitlines()
    path.write_text("\n".join([rewrite(lines[0])] + lines[1:]) + "\n")
    return lines[0]


def test_summary_of_a_good_dir(data_dir, capsys):
    seconds = sum(0.5 + 0.1 * i for i in range(6))  # the fixture's tones
    assert run_main(capsys, data_dir) == (0, f"{data_dir}: 6 utterances, 2 speakers, {seconds / 3600:.2f} hours\n", "")


def test_hours_come_from_segments_and_pipes_are_not_timed(data_dir):
    rewrite_first_line(data_dir / "wav.scp", lambda line: f"{line.split()[0]} cat {line.split()[1]} |")
    assert validate_data_dir(data_dir).endswith(" hours (1 pipe entries not timed)")
    utts = sorted(line.split()[0] for line in (data_dir / "utt2spk").read_text().splitlines())
    (data_dir / "segments").write_text("".join(f"{u} {utts[0]} 0 1800\n" for u in utts))
    assert validate_data_dir(data_dir) == f"{data_dir}: 6 utterances, 2 speakers, 3.00 hours"


def test_missing_audio_file_names_the_dir_utterance_and_entry(data_dir, capsys):
    first = rewrite_first_line(data_dir / "wav.scp", lambda line: f"{line}.gone")
    utt, entry = first.split()
    message = f"{data_dir / 'wav.scp'}: utterance '{utt}': '{entry}.gone' is neither an existing file nor a command"
    with pytest.raises(DataError, match=message) as raised:
        validate_data_dir(data_dir)
    assert HINT not in str(raised.value)
    status, out, err = run_main(capsys, data_dir)
    assert status == 1 and out == "" and err.startswith(f"validate_data_dir: error: {message}")


def test_utterance_id_with_a_space_gets_a_hint(data_dir, capsys):
    first = rewrite_first_line(data_dir / "wav.scp", lambda line: line.replace("-utt000 ", "-utt000 1 "))
    utt = first.split()[0]
    status, _, err = run_main(capsys, "--no_text", data_dir)
    assert status == 1
    assert f"wav.scp: utterance '{utt}': '1 {first.split()[1]}' is neither" in err and HINT in err


def test_text_missing_an_utterance_is_named(data_dir, capsys):
    utt = rewrite_first_line(data_dir / "text", lambda line: "").split()[0]
    status, _, err = run_main(capsys, data_dir)
    assert status == 1 and f"{data_dir / 'text'}: no entry for utterance '{utt}'" in err
    assert run_main(capsys, "--no_text", data_dir)[0] == 0


def test_spk2utt_disagreeing_with_utt2spk_names_the_speaker(data_dir, capsys):
    (data_dir / "spk2utt").write_text("spk0 spk0-utt000\nspk1 spk1-utt001 spk1-utt003 spk1-utt005\n")
    status, _, err = run_main(capsys, data_dir)
    assert status == 1 and f"{data_dir / 'spk2utt'}: speaker 'spk0' disagrees with utt2spk: lacks" in err


def test_every_dir_is_checked_and_reported(tmp_path, data_dir, capsys):
    (tmp_path / "empty").mkdir()
    status, out, err = run_main(capsys, tmp_path / "empty", data_dir)
    assert status == 1 and out.startswith(f"{data_dir}: 6 utterances")
    assert err == f"validate_data_dir: error: {tmp_path / 'empty'}: missing wav.scp\n"


def test_module_exits_1_without_a_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "softassign.bin.validate_data_dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == f"validate_data_dir: error: {tmp_path}: missing wav.scp\n"
