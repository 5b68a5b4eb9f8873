#!/usr/bin/env bash
# The main job (README): install everything, then run the mini recipe end to end in its CI size
# and print its results table. Extra arguments go to run.sh, e.g. `tools/demo.sh --size bench`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"${root}/tools/install.sh"
cd "${root}/egs/mini/asr1"
exec ./run.sh "$@"
