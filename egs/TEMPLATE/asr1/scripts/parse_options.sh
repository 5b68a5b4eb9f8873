#!/usr/bin/env bash
# Source after declaring the script's options as shell variables with their defaults:
#     nj=4; feats_conf=conf/feats/mfcc.yaml
#     . scripts/parse_options.sh
# Then `--nj 8`, `--feats-conf x.yaml` or `--feats_conf=x.yaml` override them. An option that
# names no declared variable is an error. `--help` prints ${help_message} and exits.
# Positional arguments after the options are left in "$@".

while (($#)); do
  case $1 in
    -h | --help)
      echo "${help_message:-no help available}"
      exit 0
      ;;
    --*=*)
      _opt=${1%%=*}
      _val=${1#*=}
      shift
      ;;
    --*)
      if (($# < 2)); then
        echo "$0: option $1 needs a value" >&2
        exit 2
      fi
      _opt=$1
      _val=$2
      shift 2
      ;;
    *) break ;;
  esac
  _name=${_opt#--}
  _name=${_name//-/_}
  if ! declare -p "${_name}" >/dev/null 2>&1; then
    echo "$0: unknown option ${_opt}" >&2
    exit 2
  fi
  printf -v "${_name}" '%s' "${_val}"
done
unset _opt _val _name
