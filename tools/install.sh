#!/usr/bin/env bash
# Installs everything softassign needs on a fresh Debian machine (idempotent).
#   tools/install.sh            Debian packages + Python venv in tools/venv
#   SOFTASSIGN_SKIP_APT=1 ...   skip the Debian part (no root, packages already present)
# Without root and without password-less sudo, missing Debian packages are only named in a warning and
# the venv is still installed; the tests that need those tools then fail or skip with their own message.
set -euo pipefail

tools_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "${tools_dir}")
venv=${SOFTASSIGN_VENV:-${tools_dir}/venv}
python=${PYTHON:-python3.11}
stamp=${venv}/.installed

apt_packages=(
  python3 python3-venv python3-dev gcc                   # the venv; pysptk builds from source
  sox libsndfile1 shellcheck                             # audio tools, linting
  flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts espeak-ng  # voices
  asterisk-core-sounds-en-wav asterisk-core-sounds-en    # real recorded prompts + transcripts
  slurm-wlm munge                                        # one-node cluster for tests
)

install_apt() {
  local missing=()
  local pkg
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q "install ok installed" || missing+=("${pkg}")
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
      echo "install.sh: warning: not root and no password-less sudo: not installing the missing Debian" \
        "packages ${missing[*]} (install them as root, or set SOFTASSIGN_SKIP_APT=1)" >&2
      return 0
    fi
    sudo=(sudo -n)
  fi
  echo "install.sh: installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_venv() {
  local want
  want=$(cat "${tools_dir}/requirements.txt" "${tools_dir}/constraints.txt" "${repo_dir}/setup.py" | sha1sum)
  if [[ -f ${stamp} && $(cat "${stamp}") == "${want}" ]]; then
    return 0
  fi
  [[ -x ${venv}/bin/python ]] || "${python}" -m venv "${venv}"
  "${venv}/bin/pip" install -q --upgrade pip==25.3
  "${venv}/bin/pip" install -q -r "${tools_dir}/requirements.txt" -c "${tools_dir}/constraints.txt"
  "${venv}/bin/pip" install -q --no-deps -e "${repo_dir}"
  echo "${want}" > "${stamp}"
}

[[ ${SOFTASSIGN_SKIP_APT:-0} == 1 ]] || install_apt
install_venv
echo "install.sh: ready (${venv})"
