#!/usr/bin/env bash
# Stops the one-node Slurm cluster of tools/slurm/start_cluster.sh (and munged, if that script
# started it). Idempotent.
#   tools/slurm/stop_cluster.sh [--keep_munge]
set -euo pipefail

workdir=${SOFTASSIGN_SLURM_DIR:-/var/tmp/softassign-slurm}
keep_munge=0
[[ ${1:-} == --keep_munge ]] && keep_munge=1

say() { echo "stop_cluster.sh: $*"; }

stop_pid_file() {  # stop_pid_file NAME PID_FILE: TERM the process and wait until it is gone
  local pid
  [[ -f $2 ]] || return 0
  pid=$(cat "$2")
  if kill "${pid}" 2>/dev/null; then
    while kill -0 "${pid}" 2>/dev/null; do
      sleep 0.2
    done
    say "stopped $1 (pid ${pid})"
  fi
  rm -f "$2"
}

stop_pid_file slurmd "${workdir}/slurmd.pid"
stop_pid_file slurmctld "${workdir}/slurmctld.pid"
if ((!keep_munge)) && [[ -f ${workdir}/munged.started ]]; then
  stop_pid_file munged /run/munge/munged.pid
  rm -f "${workdir}/munged.started"
fi
