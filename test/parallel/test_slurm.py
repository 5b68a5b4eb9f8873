"""The launcher CLI on the slurm backend: sbatch options, and real jobs on the one-node test cluster."""

from pathlib import Path

from softassign.parallel.jobs import Resources, parse_job_array
from softassign.parallel.slurm import sbatch_argv


def test_sbatch_asks_for_the_resources_and_one_array_of_all_the_jobs():
    array = parse_job_array(["JOB=1:4", "log/100%/x.JOB.log", "echo", "JOB"])
    argv = sbatch_argv(array, Resources(mem="2G", cpus=4, gpus=2, time="1:00:00", partition="p", max_jobs_run=2))
    assert {
        "--wait",
        "--array=1-4%2",
        "--mem=2G",
        "--cpus-per-task=4",
        "--gres=gpu:2",
        "--time=1:00:00",
        "--partition=p",
        "--export=ALL",
        "--job-name=x",
    } <= set(argv)
    assert f"--output={Path.cwd()}/log/100%%/x.%a.log" in argv
    assert argv[-2] == "--wrap" and argv[-1].endswith("--num_threads 4 --gpus 2 --job_var JOB -- 'echo JOB'")


def test_no_gpu_means_no_gres():
    argv = sbatch_argv(parse_job_array(["x.log", "true"]), Resources())
    assert not any(option.startswith(("--gres", "--mem", "--nodes")) for option in argv)


def test_sharded_jobs_write_their_logs_and_outputs(slurm_cluster, launch_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCH_TEST_VALUE", "from-caller")
    status, _ = launch_cli(
        "--backend",
        "slurm",
        "--mem",
        "100M",
        "--num_threads",
        "2",
        "JOB=1:2",
        "log/s.JOB.log",
        'echo "shard JOB $LAUNCH_TEST_VALUE $OMP_NUM_THREADS $MKL_NUM_THREADS" | tee out.JOB',
    )
    assert status == 0
    for index in (1, 2):
        assert (tmp_path / f"out.{index}").read_text() == f"shard {index} from-caller 2 2\n"
        log = (tmp_path / f"log/s.{index}.log").read_text().splitlines()
        assert "(Slurm job " in log[1] and log[1].endswith(" with 2 thread(s)")
        assert log[-1].startswith("# Ended (code 0)")


def test_failure_is_reported_with_its_log_and_a_rerun_runs_every_job(slurm_cluster, launch_cli, tmp_path):
    command = "echo run >> runs.JOB; test JOB != 2 || test -e fixed"
    status, stderr = launch_cli("--backend", "slurm", "JOB=1:2", "log/f.JOB.log", command)
    assert status == 1
    assert "job 2 failed, see log/f.2.log" in stderr and "job 1 failed" not in stderr
    (tmp_path / "fixed").touch()
    status, stderr = launch_cli("--backend", "slurm", "JOB=1:2", "log/f.JOB.log", command)
    assert status == 0 and stderr == ""
    assert [(tmp_path / f"runs.{index}").read_text().count("run") for index in (1, 2)] == [2, 2]


def test_refused_submission_is_a_clear_error(slurm_cluster, launch_cli):
    status, stderr = launch_cli("--backend", "slurm", "--partition", "no-such-partition", "x.log", "true")
    assert status == 2 and "sbatch refused the jobs of x.log" in stderr
