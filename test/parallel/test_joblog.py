"""Job log header/footer and what a rerun reads back from them."""

from pathlib import Path

from softassign.parallel.joblog import header, logged_exit_code, run_logged
from softassign.parallel.jobs import Job


def write_log(tmp_path: Path, command: str, capfd) -> Job:
    code = run_logged(command)
    log = tmp_path / "job.log"
    log.write_text(capfd.readouterr().out)
    assert logged_exit_code(Job(1, log, command)) == code
    return Job(1, log, command)


def test_log_has_header_output_and_footer(tmp_path, capfd):
    job = write_log(tmp_path, "echo out; echo more", capfd)
    lines = job.log.read_text().splitlines()
    assert lines[0] == "# echo out; echo more"
    assert lines[1].startswith("# Started at ") and " on " in lines[1]
    assert lines[3:5] == ["out", "more"]
    assert lines[-2].startswith("# Accounting: time=")
    assert lines[-1].startswith("# Ended (code 0) at ")


def test_exit_status_and_pipefail_reach_the_footer(tmp_path, capfd):
    assert logged_exit_code(write_log(tmp_path, "exit 3", capfd)) == 3
    assert logged_exit_code(write_log(tmp_path, "false | cat", capfd)) == 1


def test_multiline_commands_are_all_in_the_header():
    assert header("a\nb") == "# a\n# b\n"


def test_logs_of_other_commands_missing_or_unfinished_logs_give_no_status(tmp_path, capfd):
    job = write_log(tmp_path, "true", capfd)
    assert logged_exit_code(Job(1, job.log, "true --other")) is None
    assert logged_exit_code(Job(1, tmp_path / "missing.log", "true")) is None
    job.log.write_text(header("true") + "# Started at now\n#\nkilled before the footer\n")
    assert logged_exit_code(job) is None
