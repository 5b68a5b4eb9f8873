#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (for tests and small runs); run as root.
#   tools/slurm/start_cluster.sh        idempotent: a no-op when the cluster is already up
# Needs Debian slurm-wlm + munge (tools/install.sh). Config, state, spool and daemon logs live in
# ${SOFTASSIGN_SLURM_DIR:-/var/tmp/softassign-slurm}; /etc/slurm/slurm.conf is linked to the config
# there when that path is free, otherwise export the SLURM_CONF printed at the end.
# Stop it with tools/slurm/stop_cluster.sh.
set -euo pipefail

workdir=${SOFTASSIGN_SLURM_DIR:-/var/tmp/softassign-slurm}
export SLURM_CONF=${workdir}/slurm.conf
system_conf=/etc/slurm/slurm.conf
host=$(hostname -s)

say() { echo "start_cluster.sh: $*"; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND until it succeeds
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    if ((SECONDS >= deadline)); then
      say "timed out waiting for ${what}; see the logs in ${workdir}" >&2
      return 1
    fi
    sleep 0.2
  done
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_works; then
    return 0
  fi
  if [[ ! -s /etc/munge/munge.key ]]; then
    mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
    say "created /etc/munge/munge.key"
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- munged 9>&-  # the daemons must not hold the start lock
  touch "${workdir}/munged.started"
  wait_for 10 munged munge_works
  say "started munged"
}

node_config() {
  local mem_kb cpus
  mem_kb=$(grep MemTotal /proc/meminfo | tr -dc 0-9)
  cpus=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)  # nproc obeys OMP_NUM_THREADS
  cat <<EOF
# One-node test cluster written by tools/slurm/start_cluster.sh
ClusterName=softassign
SlurmctldHost=${host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=${workdir}/state
SlurmdSpoolDir=${workdir}/spool
SlurmctldPidFile=${workdir}/slurmctld.pid
SlurmdPidFile=${workdir}/slurmd.pid
SlurmctldLogFile=${workdir}/slurmctld.log
SlurmdLogFile=${workdir}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((mem_kb / 1024 / cpus))
ReturnToService=2
MinJobAge=4
NodeName=${host} CPUs=${cpus} RealMemory=$((mem_kb / 1024)) State=UNKNOWN
PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP
EOF
}

config_changed=0
write_config() {
  local wanted
  wanted=$(node_config)
  if [[ -f ${SLURM_CONF} && $(cat "${SLURM_CONF}") == "${wanted}" ]]; then
    return 0
  fi
  echo "${wanted}" >"${SLURM_CONF}"
  config_changed=1
  say "wrote ${SLURM_CONF}"
}

link_system_config() {
  if [[ $(readlink "${system_conf}" || true) == "${SLURM_CONF}" ]]; then
    return 0
  fi
  if [[ -e ${system_conf} ]]; then
    say "${system_conf} belongs to another setup; use: export SLURM_CONF=${SLURM_CONF}"
    return 0
  fi
  mkdir -p "$(dirname "${system_conf}")"
  ln -s "${SLURM_CONF}" "${system_conf}"
  say "linked ${system_conf} -> ${SLURM_CONF}"
}

daemon_running() { [[ -f ${workdir}/$1.pid ]] && kill -0 "$(cat "${workdir}/$1.pid")" 2>/dev/null; }

start_daemon() {
  if daemon_running "$1"; then
    return 0
  fi
  "$1" 9>&-
  wait_for 20 "$1" daemon_running "$1"
  say "started $1"
}

node_state() { sinfo --noheader --nodes="${host}" --format=%T 2>/dev/null; }

node_ready() {
  local state
  state=$(node_state) || return 1
  case ${state} in
    idle | mixed | allocated | completing) return 0 ;;
    down* | drain*)
      scontrol update nodename="${host}" state=resume
      say "resumed node ${host} (was ${state})"
      ;;
  esac
  return 1
}

if ((EUID != 0)); then
  say "run me as root (the daemons run as root)" >&2
  exit 1
fi
mkdir -p "${workdir}/state" "${workdir}/spool"
exec 9>"${workdir}/start.lock"  # one start at a time (parallel test workers start it together)
flock 9
start_munge
write_config
if ((config_changed)) && daemon_running slurmctld; then
  say "config changed: restarting the daemons"
  "$(dirname "${BASH_SOURCE[0]}")/stop_cluster.sh" --keep_munge
fi
link_system_config
start_daemon slurmctld
start_daemon slurmd
wait_for 30 "node ${host} to be idle" node_ready
say "cluster up: node ${host} $(node_state); SLURM_CONF=${SLURM_CONF}"
