"""The launcher CLI on the local backend: sharding, logs, failures, reruns, pipes."""

import subprocess
import sys
from pathlib import Path

from softassign.bin.launch import build_parser


def test_jobs_run_with_job_substituted_into_command_and_log(launch_cli, tmp_path):
    status, _ = launch_cli("JOB=1:3", "log/shard.JOB.log", "echo shard JOB > out.JOB; echo logged JOB")
    assert status == 0
    for index in (1, 2, 3):
        assert (tmp_path / f"out.{index}").read_text() == f"shard {index}\n"
        log = (tmp_path / f"log/shard.{index}.log").read_text().splitlines()
        assert log[0] == f"# echo shard {index} > out.{index}; echo logged {index}"
        assert log[1].startswith("# Started at ")
        assert f"logged {index}" in log
        assert log[-1].startswith("# Ended (code 0)")


def test_stderr_goes_to_the_log_and_jobs_get_the_callers_environment(launch_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCH_TEST_VALUE", "from-caller")
    assert launch_cli("one.log", 'echo "$LAUNCH_TEST_VALUE $PWD" >&2')[0] == 0
    assert f"from-caller {tmp_path}" in (tmp_path / "one.log").read_text().splitlines()


def test_pipes_as_separate_words_or_one_snippet(launch_cli, tmp_path):
    assert launch_cli("JOB=1:1", "a.JOB.log", "echo", "abc", "|", "tr", "a-z", "A-Z", ">", "a.txt")[0] == 0
    assert launch_cli("b.log", "echo abc | tr a-z A-Z > b.txt")[0] == 0
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text() == "ABC\n"


def test_failure_exits_non_zero_naming_the_failed_job_and_its_log(launch_cli):
    status, stderr = launch_cli("JOB=1:3", "log/x.JOB.log", "echo tail-of-JOB; test JOB != 2")
    assert status == 1
    assert "job 2 failed, see log/x.2.log" in stderr
    assert "tail-of-2" in stderr
    assert "job 1 failed" not in stderr and "job 3 failed" not in stderr


def run_counts(directory: Path) -> list[int]:
    """How often jobs 1..3 of the rerun test ran."""
    return [int((directory / f"count.{index}").read_text()) for index in (1, 2, 3)]


def test_rerun_redoes_only_failed_jobs_and_rerun_all_redoes_all(launch_cli, tmp_path):
    # each job counts its runs; job 2 fails on its first run only
    command = "n=$(cat count.JOB 2>/dev/null || echo 0); echo $((n + 1)) > count.JOB; test JOB != 2 || test $n -ge 1"
    assert launch_cli("JOB=1:3", "log/c.JOB.log", command)[0] == 1
    assert run_counts(tmp_path) == [1, 1, 1]
    status, stderr = launch_cli("JOB=1:3", "log/c.JOB.log", command)
    assert status == 0 and run_counts(tmp_path) == [1, 2, 1]
    assert "skipped 2 job(s) that already succeeded" in stderr and ": 1 3" in stderr
    assert launch_cli("--rerun_all", "JOB=1:3", "log/c.JOB.log", command)[0] == 0
    assert run_counts(tmp_path) == [2, 3, 2]


def test_a_changed_command_is_not_skipped(launch_cli, tmp_path):
    assert launch_cli("x.log", "echo one >> runs")[0] == 0
    assert launch_cli("x.log", "echo two >> runs")[0] == 0
    assert (tmp_path / "runs").read_text() == "one\ntwo\n"


def test_max_jobs_run_limits_concurrency(launch_cli, tmp_path):
    command = "ls | grep -c '^running' >> seen || true; touch running.JOB; sleep 0.2; rm running.JOB"
    assert launch_cli("--max_jobs_run", "1", "JOB=1:3", "log/m.JOB.log", command)[0] == 0
    assert (tmp_path / "seen").read_text().split() == ["0", "0", "0"]


def test_bad_job_range_is_reported_without_running_anything(launch_cli, tmp_path):
    status, stderr = launch_cli("JOB=1:2", "same.log", "touch ran")
    assert status == 2 and "same.log" in stderr
    assert not (tmp_path / "ran").exists()


def test_espnet_launch_options_parse():
    # espnet2.bin.launch calls: <cmd> --gpu N [--num_threads N --num_nodes N] LOG COMMAND... --ngpu N
    args = build_parser().parse_args(
        [
            "--gpu",
            "0",
            "--num_threads",
            "2",
            "--num_nodes",
            "1",
            "--mem",
            "4G",
            "--max-jobs-run",
            "3",
            "exp/train.log",
            "python",
            "-m",
            "x",
            "--ngpu",
            "0",
        ]
    )
    assert (args.gpu, args.cpus, args.num_nodes, args.mem, args.max_jobs_run) == (0, 2, 1, "4G", 3)
    assert args.words == ["exp/train.log", "python", "-m", "x", "--ngpu", "0"]


def test_espnet2_bin_launch_runs_through_the_launcher(tmp_path):
    launcher = f"{sys.executable} -m softassign.bin.launch --backend local"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "espnet2.bin.launch",
            "--cmd",
            launcher,
            "--log",
            "train.log",
            "--ngpu",
            "0",
            "echo",
            "trained",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    log = Path(tmp_path / "train.log").read_text().splitlines()
    assert log[0] == "# echo trained --ngpu 0 --multiprocessing_distributed True"
    assert "trained --ngpu 0 --multiprocessing_distributed True" in log
