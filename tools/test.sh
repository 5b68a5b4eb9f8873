#!/usr/bin/env bash
# The test command (README, .ci/run): install everything, start the one-node Slurm cluster,
# run the whole test suite (shellcheck, unit tests, the CI-size mini recipe). Extra arguments
# go to pytest, e.g. `tools/test.sh -m "not slow"` or `tools/test.sh test/units`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"${root}/tools/install.sh"
"${root}/tools/slurm/start_cluster.sh"
cd "${root}"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec "${root}/tools/venv/bin/pytest" "$@"
