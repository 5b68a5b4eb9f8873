#!/usr/bin/env bash
# Puts the project's virtual environment first on PATH (sourced by every recipe script).
# shellcheck disable=SC2034  # variables used by the scripts that source this file
softassign_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
venv=${SOFTASSIGN_VENV:-${softassign_root}/tools/venv}
if [[ ! -x ${venv}/bin/python ]]; then
  echo "path.sh: no virtual environment at ${venv}; run ${softassign_root}/tools/install.sh" >&2
  return 1
fi
export PATH=${venv}/bin:${PATH}
export PYTHONUNBUFFERED=1
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export MPLBACKEND=Agg
