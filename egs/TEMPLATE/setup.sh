#!/usr/bin/env bash
# Create a new recipe dir from the template:
#     egs/TEMPLATE/setup.sh egs/<corpus>/asr1
# It gets symlinks to the shared asr.sh, cmd.sh, path.sh and scripts/ of egs/TEMPLATE/asr1, a copy of
# its conf/ (feature readers, small train configs), a run.sh skeleton and a local/data.sh stub that
# fails until written. The contract is in egs/TEMPLATE/README.md.
set -euo pipefail

if (($# != 1)); then
  sed -n "2,5p" "$0" >&2
  exit 2
fi
target=$1
template=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -e ${target} ]]; then
  echo "$0: ${target} exists already; not touching it" >&2
  exit 1
fi

mkdir -p "${target}/local"
shared=$(realpath --relative-to="${target}" "${template}/asr1")
for name in asr.sh cmd.sh path.sh scripts; do
  ln -s "${shared}/${name}" "${target}/${name}"
done
cp -r "${template}/asr1/conf" "${target}/conf"
cp "${template}/skeleton/run.sh" "${target}/run.sh"
cp "${template}/skeleton/local/data.sh" "${target}/local/data.sh"
echo "created ${target}: write ${target}/local/data.sh, then edit ${target}/run.sh and ${target}/conf/"
