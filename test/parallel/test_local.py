"""The launcher CLI on the local backend: sharding, logs, failures, reruns, pipes, concurrency, GPUs, threads."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from softassign.bin.launch import build_parser
from softassign.parallel import local


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


# Run as a job: counts the jobs running at once (under flock), appending the count at its start to `seen`.
COUNT_RUNNING = """\
exec 9>running.lock
flock 9; n=$(( $(cat running 2>/dev/null || echo 0) + 1 )); echo $n > running; echo $n >> seen; flock -u 9
sleep 0.5
flock 9; echo $(( $(cat running) - 1 )) > running; flock -u 9
"""


def most_at_once(directory: Path) -> int:
    """The most jobs that ran at once, from what the COUNT_RUNNING jobs recorded."""
    return max(int(count) for count in (directory / "seen").read_text().split())


def test_max_jobs_run_limits_concurrency(launch_cli, tmp_path):
    (tmp_path / "count_running.sh").write_text(COUNT_RUNNING)
    assert launch_cli("--max_jobs_run", "2", "JOB=1:6", "log/m.JOB.log", "bash count_running.sh")[0] == 0
    assert len((tmp_path / "seen").read_text().split()) == 6
    assert most_at_once(tmp_path) == 2


def test_by_default_as_many_jobs_run_at_once_as_there_are_cpus(launch_cli, tmp_path, monkeypatch):
    assert local.cpu_count() == len(os.sched_getaffinity(0))
    monkeypatch.setattr(local, "cpu_count", lambda: 3)
    (tmp_path / "count_running.sh").write_text(COUNT_RUNNING)
    assert launch_cli("JOB=1:6", "log/m.JOB.log", "bash count_running.sh")[0] == 0
    assert most_at_once(tmp_path) == 3


def test_jobs_reserving_threads_share_the_cpus(launch_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(local, "cpu_count", lambda: 4)
    (tmp_path / "count_running.sh").write_text(COUNT_RUNNING)
    assert launch_cli("--num_threads", "2", "JOB=1:6", "log/m.JOB.log", "bash count_running.sh")[0] == 0
    assert most_at_once(tmp_path) == 2


def test_gpu_jobs_take_turns_with_the_visible_gpus(launch_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,5")
    (tmp_path / "count_running.sh").write_text(COUNT_RUNNING)
    # a job holding a GPU another running job holds records a clash
    command = 'echo "$CUDA_VISIBLE_DEVICES" > gpu.JOB; mkdir "held.$CUDA_VISIBLE_DEVICES" || echo clash >> clashes; '
    command += 'bash count_running.sh; rmdir "held.$CUDA_VISIBLE_DEVICES"'
    assert launch_cli("--gpu", "1", "--max_jobs_run", "6", "JOB=1:6", "log/g.JOB.log", command)[0] == 0
    assert {(tmp_path / f"gpu.{index}").read_text().strip() for index in range(1, 7)} == {"3", "5"}
    assert not (tmp_path / "clashes").exists()
    assert most_at_once(tmp_path) == 2
    gpu = (tmp_path / "gpu.1").read_text().strip()
    assert (tmp_path / "log/g.1.log").read_text().splitlines()[1].endswith(f"with 1 thread(s), GPU(s) {gpu}")


def test_jobs_of_two_gpus_each_get_two(launch_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3,4")
    assert launch_cli("--gpu", "2", "JOB=1:4", "log/g.JOB.log", 'echo "$CUDA_VISIBLE_DEVICES" > gpu.JOB')[0] == 0
    assert {(tmp_path / f"gpu.{index}").read_text().strip() for index in range(1, 5)} <= {"0,1", "2,3"}


@pytest.mark.parametrize("visible, gpus", [("", "1"), ("3", "2")])
def test_gpu_jobs_without_enough_visible_gpus_fail_before_running(launch_cli, tmp_path, monkeypatch, visible, gpus):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", visible)
    status, stderr = launch_cli("--gpu", gpus, "JOB=1:2", "log/g.JOB.log", "touch ran.JOB")
    assert status == 2
    assert "launch: error: the jobs of log/g.JOB.log (touch ran.JOB) ask for" in stderr and "GPU" in stderr
    assert not list(tmp_path.glob("ran.*"))


def test_without_cuda_visible_devices_the_gpus_are_those_nvidia_smi_lists(tmp_path, monkeypatch):
    nvidia_smi = tmp_path / "nvidia-smi"
    nvidia_smi.write_text("#!/bin/sh\necho 'GPU 0: H200 (UUID: GPU-a)'\necho 'GPU 1: H200 (UUID: GPU-b)'\n")
    nvidia_smi.chmod(0o755)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    assert local.visible_gpus() == ["0", "1"]
    monkeypatch.setenv("PATH", "/nonexistent")
    assert local.visible_gpus() == []


def test_jobs_run_with_their_threads(launch_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    command = 'echo "$OMP_NUM_THREADS $MKL_NUM_THREADS $OPENBLAS_NUM_THREADS"'
    assert launch_cli("--num_threads", "3", "t.log", command)[0] == 0
    log = (tmp_path / "t.log").read_text().splitlines()
    assert log[1].endswith("with 3 thread(s)")
    assert "3 3 3" in log


def test_a_rerun_after_success_runs_the_jobs_again_with_fresh_logs(launch_cli, tmp_path):
    for _ in range(2):
        status, stderr = launch_cli("JOB=1:2", "log/r.JOB.log", "echo run >> runs.JOB")
        assert status == 0 and stderr == ""
    assert [(tmp_path / f"runs.{index}").read_text() for index in (1, 2)] == ["run\nrun\n"] * 2
    assert (tmp_path / "log/r.1.log").read_text().count("# Started at ") == 1


def test_rerun_all_is_gone():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--rerun_all", "x.log", "true"])


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
