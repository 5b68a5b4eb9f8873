# shellcheck shell=bash
# Helpers shared by the stage scripts (asr.sh, tts.sh, units.sh). Source it after path.sh and cmd.sh.
# Every helper takes what it works on as arguments; the only state is what cmd.sh defines: the launcher
# arrays train_launcher (CPU jobs) and cuda_launcher (jobs that ask for a GPU), set here from
# ${train_cmd} and ${cuda_cmd}.
#
# Records: a finished output (a dir) holds <dir>/.done, the record of what made it: its command words and
# the digests of the inputs they name (python -m softassign.bin.record, softassign/records.py). A rerun
# skips an output whose record matches and redoes it otherwise, so an option or input change redoes exactly
# the outputs it affects, and a run killed at any moment (kill -9) redoes only what it had not finished.
# shellcheck disable=SC2154,SC2034  # reads cmd.sh's settings; sets the launcher arrays

read -ra train_launcher <<<"${train_cmd}"
read -ra cuda_launcher <<<"${cuda_cmd}"

log() { echo "$(date '+%Y-%m-%dT%H:%M:%S') (${0##*/}) $*" >&2; }

# True when stage $1 lies in [$2, $3] (the --stage / --stop_stage range).
in_stages() { (($2 <= $1 && $1 <= $3)); }

# True when word $1 is one of the words of $2 (e.g. a system of ${systems}).
has_word() { [[ " $2 " == *" $1 "* ]]; }

# A recipe size conf's setting <name> for feature type <feats>: <name>_<feats> where the conf sets it, else <name>.
#   for_feats <name> <feats>
for_feats() {
  local specific=$1_$2
  echo "${!specific:-${!1}}"
}

# Run the functions <fn...> one after another, or side by side (background jobs) when <side_by_side> is true;
# side by side, it waits for all of them and fails if any failed.
#   run_functions <side_by_side> <fn...>
run_functions() {
  local side_by_side=$1 fn pid failed=0 pids=()
  shift
  for fn in "$@"; do
    if [[ ${side_by_side} == true ]]; then
      "${fn}" &
      pids+=("$!")
    else
      "${fn}"
    fi
  done
  for pid in "${pids[@]}"; do
    wait "${pid}" || failed=1
  done
  return "${failed}"
}

# Set array <name> to the launcher of jobs on torch device <device>: the GPU one for cuda*, else the CPU one.
#   launcher_for <device> <array name>
launcher_for() {
  local -n _launcher=$2
  if [[ $1 == cuda* ]]; then
    _launcher=("${cuda_launcher[@]}")
  else
    _launcher=("${train_launcher[@]}")
  fi
}

# True when <output> is finished with the record of <words...>; otherwise its stale record is removed
# (so that a run killed while redoing it does not leave it looking finished) and the reason is logged.
#   is_current <output> <words...>
is_current() {
  local out=$1
  shift
  python -m softassign.bin.record check "${out}" --clear -- "$@"
}

# Write the record of <output>, made by <words...>.
#   write_record <output> <words...>
write_record() {
  local out=$1
  shift
  python -m softassign.bin.record write "${out}" -- "$@"
}

# Take the run lock <lock_file> for this script and its children, or stop naming the run that holds it.
# A parent script that holds it exports SOFTASSIGN_RUN_LOCK, and its children do not take it again. The
# lock is an flock(1) on a file descriptor the script's jobs inherit: it lasts while any of them runs and
# is released by the kernel when the last one exits (also after kill -9).
#   acquire_run_lock <lock_file>
acquire_run_lock() {
  [[ ${SOFTASSIGN_RUN_LOCK:-} == "$1" ]] && return 0
  mkdir -p "$(dirname "$1")"
  exec 9>>"$1"
  if ! flock -n 9; then
    echo "$0: another run is using this recipe dir: $(<"$1") (lock ${1}); wait for it to finish," \
      "or stop it and all its jobs first" >&2
    exit 1
  fi
  printf 'pid %s on %s since %s: %s\n' "$$" "$(uname -n)" "$(date '+%F %T')" "$0" >"$1"
  export SOFTASSIGN_RUN_LOCK=$1
}

# Stage 1 of every recipe: run local/data.sh (options $1, one string of words), validate the data dirs
# named in $2, record it. A rerun with the same options skips it; other options (another --size) stop with
# a message instead of mixing two corpora. The data dirs are validated on every run (a hand edit is caught;
# later stages digest their contents, so an edited transcript redoes what depends on it).
#   prepare_data <local/data.sh options> <sets to validate>
prepare_data() {
  local command="local/data.sh $1" names=() name dirs=()
  read -ra names <<<"$2"
  if [[ -f data/.done ]] && ! python -m softassign.bin.record check data -- "${command}" 2>/dev/null; then
    log "error: data/ was made by '$(python -m softassign.bin.record command data)', not '${command}';" \
      "remove data/ dump/ exp/ (or run in a copy of the recipe) to change the corpus"
    return 1
  fi
  if [[ -f data/.done ]]; then
    log "stage 1: data dirs are done"
  else
    log "stage 1: data preparation (${command})"
    # shellcheck disable=SC2086  # options are words
    local/data.sh $1
  fi
  for name in "${names[@]}"; do
    dirs+=("data/${name}")
  done
  ((${#dirs[@]} == 0)) || python -m softassign.bin.validate_data_dir "${dirs[@]}"
  [[ -f data/.done ]] || write_record data "${command}"
}

# Run <command...> once for every <source>:<out> pair whose <out> is not current, as one job array JOB=1:<nj>
# (with the pending pairs and --job JOB --nj <nj> appended: each job loads its model once for all of them) on
# the launcher of <device>, logs in <log_dir>/<name>.JOB.log; then merge each <out>/<name>.JOB.scp into
# <out>/<name>.scp, checked against <source>'s utterances, and record each <out> as made by <command...> <pair>.
# Each job skips its own shard of a set when that shard's record matches (a resumed run redoes only the rest).
#   sharded_outputs <name> <nj> <device> <log_dir> <command...> -- <source:out>...
sharded_outputs() {
  local name=$1 nj=$2 device=$3 log_dir=$4 command=() pairs=() pair launcher expected
  shift 4
  while (($#)) && [[ $1 != -- ]]; do
    command+=("$1")
    shift
  done
  shift
  for pair in "$@"; do
    is_current "${pair##*:}" "${command[@]}" "${pair}" || pairs+=("${pair}")
  done
  ((${#pairs[@]})) || return 0
  log "${command[*]} (${nj} jobs) -> ${pairs[*]##*:}"
  launcher_for "${device}" launcher
  mkdir -p "${log_dir}"
  "${launcher[@]}" JOB=1:"${nj}" "${log_dir}/${name}.JOB.log" "${command[@]}" --job JOB --nj "${nj}" "${pairs[@]}"
  for pair in "${pairs[@]}"; do
    expected=(--utt_list "${pair%:*}")
    [[ -d ${pair%:*} ]] && expected=(--data_dir "${pair%:*}")
    python -m softassign.bin.merge_shards --shards "${pair##*:}/${name}.JOB.scp" --nj "${nj}" \
      --out "${pair##*:}/${name}.scp" "${expected[@]}"
    write_record "${pair##*:}" "${command[@]}" "${pair}"
  done
}

# Run <command...> in this shell (a quick step: no launcher, no log file) and record <out>. Skipped when current.
#   local_output <out> <command...>
local_output() {
  local out=$1
  shift
  is_current "${out}" "$@" 2>/dev/null && return 0
  "$@"
  write_record "${out}" "$@"
}

# Run one job <command...> (log <out>/log/<name>.log) on the launcher of <device>, with <n> CPU threads
# (default: the launcher's), and record <out>. Skipped when <out> is current.
#   single_output [--num_threads <n>] <out> <name> <device> <command...>
single_output() {
  local threads=() launcher
  if [[ $1 == --num_threads ]]; then
    threads=(--num_threads "$2")
    shift 2
  fi
  local out=$1 name=$2 device=$3
  shift 3
  is_current "${out}" "$@" && return 0
  log "$* (1 job) -> ${out}"
  launcher_for "${device}" launcher
  mkdir -p "${out}/log"
  "${launcher[@]}" "${threads[@]}" "${out}/log/${name}.log" "$@"
  write_record "${out}" "$@"
}

# Prepare <out> for a long job of <words...> that resumes itself (training): returns 1 when <out> is current
# (nothing to do), 0 when the job should run: resuming when <out> was started by the same words, after moving
# an <out> made by other words aside to <out>.old otherwise (the previous model stays recoverable).
#   begin_resumable <out> <words...>
begin_resumable() {
  local out=$1
  shift
  is_current "${out}" "$@" 2>/dev/null && return 1
  if [[ -e ${out} ]] && ! python -m softassign.bin.record check "${out}/.started" -- "$@" 2>/dev/null; then
    log "${out} was made by another command: moving it to ${out}.old and starting again"
    rm -rf "${out}.old"
    mv "${out}" "${out}.old"
  fi
  mkdir -p "${out}/log"
  [[ -f ${out}/.started ]] || {
    touch "${out}/.started"
    write_record "${out}/.started" "$@"
  }
  return 0
}
