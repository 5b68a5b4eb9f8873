# shellcheck shell=bash
# Job launchers for the recipe stages; sourced by run.sh. Each is used Kaldi/ESPnet style:
#   ${train_cmd} [OPTIONS] [JOB=1:N] LOGFILE COMMAND...     (= python -m softassign.bin.launch)
# e.g. ${train_cmd} JOB=1:${nj} ${logdir}/dump.JOB.log python -m softassign.bin.dump_units --job JOB --nj ${nj} ...
#
# Backend, from the environment or edited here:
#   cmd_backend=local  jobs run as subprocesses of this machine (default)
#   cmd_backend=slurm  jobs go to Slurm as one sbatch job array (a test cluster: tools/slurm/start_cluster.sh)
# Defaults for every job (environment overrides them; Slurm honours all, local cmd_cpus and cmd_max_jobs_run):
#   cmd_mem=4G            memory per job (--mem)
#   cmd_cpus=1            CPUs per job (--num_threads); every job gets OMP/MKL/OPENBLAS_NUM_THREADS=cmd_cpus
#   cmd_partition=        Slurm partition for CPU jobs ('' = the cluster's default)
#   cmd_gpu_partition=    Slurm partition for cuda_cmd jobs (default: cmd_partition)
#   cmd_time=             time limit per job, HH:MM:SS ('' = the partition's)
#   cmd_max_jobs_run=     jobs of one stage running at once ('' = local: the CPU count; Slurm: no limit)
# Per-call options override them: --mem 8G --num_threads 4 --gpu 1 --time 2:00:00 --partition P --max_jobs_run N.
# Local GPU jobs (--gpu N) run at most one per N visible GPUs ($CUDA_VISIBLE_DEVICES, else nvidia-smi -L),
# each with its own CUDA_VISIBLE_DEVICES; with no GPU visible they fail (use --gpu 0 for CPU runs).
# Every call runs all its jobs and rewrites their logs (resumable stages skip their own finished outputs).

cmd_backend=${cmd_backend:-local}
cmd_mem=${cmd_mem:-4G}
cmd_cpus=${cmd_cpus:-1}
cmd_partition=${cmd_partition:-}
cmd_gpu_partition=${cmd_gpu_partition:-${cmd_partition}}
cmd_time=${cmd_time:-}
cmd_max_jobs_run=${cmd_max_jobs_run:-}

_launch="python -m softassign.bin.launch --backend ${cmd_backend} --mem ${cmd_mem} --num_threads ${cmd_cpus}"
_launch+="${cmd_time:+ --time ${cmd_time}}${cmd_max_jobs_run:+ --max_jobs_run ${cmd_max_jobs_run}}"

# CPU jobs: feature/unit dumps, k-means, scoring, statistics
export train_cmd="${_launch}${cmd_partition:+ --partition ${cmd_partition}}"
# GPU jobs: network training (ESPnet passes --gpu ${ngpu} itself through espnet2.bin.launch)
export cuda_cmd="${_launch} --gpu 1${cmd_gpu_partition:+ --partition ${cmd_gpu_partition}}"
# decoding / inference jobs (add --gpu 1 per call to decode on GPUs)
export decode_cmd="${train_cmd}"
unset _launch
