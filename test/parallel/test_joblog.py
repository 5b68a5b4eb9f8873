"""Job log header/footer, what the launcher reads back from them, and the runner's command line."""

import shutil
import subprocess
import sys
from pathlib import Path

from softassign.parallel.joblog import header, logged_accounting, logged_exit_code, run_logged, runner_argv
from softassign.parallel.jobs import Job, Resources, parse_job_array


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
    assert lines[1].startswith("# Started at ") and " on " in lines[1] and lines[1].endswith(" with 1 thread(s)")
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


def test_threads_reach_the_command_and_the_header_names_threads_and_gpus(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "7")
    run_logged('echo "$OMP_NUM_THREADS $MKL_NUM_THREADS $OPENBLAS_NUM_THREADS"', threads=2, gpus=1)
    lines = capfd.readouterr().out.splitlines()
    assert lines[1].endswith(" with 2 thread(s), GPU(s) 7")
    assert lines[3] == "2 2 2"


def test_the_runner_gets_the_threads_and_gpus_of_the_jobs():
    array = parse_job_array(["JOB=1:2", "l.JOB.log", "echo JOB"])
    argv = runner_argv(array, 2, Resources(cpus=4, gpus=1))
    assert argv[1:] == [
        "-m",
        "softassign.bin.run_job",
        "--num_threads",
        "4",
        "--gpus",
        "1",
        "--job_var",
        "JOB",
        "--job_index",
        "2",
        "--",
        "echo JOB",
    ]
    assert "--gpus" not in runner_argv(array, None, Resources())


def run_job(tmp_path: Path, command: str) -> Path:
    """``command`` through the launcher's runner in a fresh interpreter, as every job runs; its log."""
    log = tmp_path / "job.log"
    with log.open("w") as out:
        subprocess.run([sys.executable, "-m", "softassign.bin.run_job", "--", command], stdout=out, check=True)
    return log


def test_the_accounting_line_gives_the_peak_memory_of_the_command(tmp_path):
    python = shutil.which("python3") or "python3"
    allocate = f"{python} -c 'x = bytearray(300 << 20); x[::4096] = b\"1\" * len(x[::4096])'"
    seconds, peak = logged_accounting(run_job(tmp_path, allocate))
    assert seconds >= 0 and 300 <= peak < 400


def test_a_jobs_peak_is_its_own_not_that_of_earlier_jobs_of_the_same_runner(tmp_path):
    """Two jobs run one after the other by one small process: the second reports its own small peak."""
    python = shutil.which("python3") or "python3"
    big = f"{python} -c 'x = bytearray(1000 << 20); x[::4096] = b\"1\" * len(x[::4096])'"
    runner = tmp_path / "two_jobs.py"
    runner.write_text(f"from softassign.parallel.joblog import run_logged\nrun_logged({big!r})\nrun_logged('true')\n")
    out = subprocess.run([sys.executable, str(runner)], capture_output=True, text=True, check=True).stdout
    first, second = (int(line.split("max_rss=")[1][:-2]) for line in out.splitlines() if "max_rss=" in line)
    assert first >= 1000 and second < 200
