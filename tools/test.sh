#!/usr/bin/env bash
# The test command (README, .ci/run): install everything, then run the whole test suite (shellcheck,
# unit tests, the CI-size mini recipe). Extra arguments go to pytest, e.g. `tools/test.sh -m "not slow"`
# or `tools/test.sh test/units`. The Slurm tests start the one-node cluster themselves (as root, through
# tools/slurm/start_cluster.sh), so `tools/test.sh -m "not slow and not slurm"` needs neither root nor a
# cluster. CI=1 (set by .ci/run) makes a missing sbatch fail the Slurm tests instead of skipping them.
# Test files run in SOFTASSIGN_TEST_WORKERS parallel pytest workers (pytest-xdist; default 3, one file's tests
# in one worker, so module fixtures such as the finished mini recipe are made once); 0 runs them in this process.
# Three workers on 2 cores: the recipe tests wait on jobs, Slurm and process start-up, so two left a third of
# the CPU idle.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"${root}/tools/install.sh"
cd "${root}"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec "${root}/tools/venv/bin/pytest" -n "${SOFTASSIGN_TEST_WORKERS:-3}" --dist loadfile "$@"
