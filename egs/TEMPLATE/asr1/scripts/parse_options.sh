#!/usr/bin/env bash
# Source after declaring the script's options as shell variables with their defaults, one a line,
# each with a comment saying what it does:
#     nj=4                           # parallel jobs
#     feats_conf=conf/feats/mfcc.yaml  # feature reader
#     . scripts/parse_options.sh
# Then `--nj 8`, `--feats-conf x.yaml` or `--feats_conf=x.yaml` override them. An option that is not one of
# those lines (`name=` at the start of a line above the `. scripts/parse_options.sh` line) is an error, and so is an argument that is not an option (positional arguments
# are allowed only when the script sets `positional_args=true` before sourcing this file; they are left
# in "$@"). `--help` prints the script's header comment and every declared option with its default and
# comment, read from the script itself, and exits.

# Print "--name default  comment" for every "name=default  # comment" line of script $1 above this file.
print_options() {
  local line pattern='^([A-Za-z_][A-Za-z0-9_]*)=.*[[:space:]]#[[:space:]]?(.*)$'
  while IFS= read -r line; do
    [[ ${line} == *parse_options.sh* ]] && break
    if [[ ${line} =~ ${pattern} ]]; then
      printf '  --%-24s %-28s %s\n' "${BASH_REMATCH[1]}" "${!BASH_REMATCH[1]:-\"\"}" "${BASH_REMATCH[2]}"
    fi
  done <"$1"
}

# Print the names of the options of script $1: its "name=..." lines above this file's sourcing.
option_names() {
  local line pattern='^([A-Za-z_][A-Za-z0-9_]*)='
  while IFS= read -r line; do
    [[ ${line} == *parse_options.sh* ]] && break
    [[ ${line} =~ ${pattern} ]] && echo "${BASH_REMATCH[1]}"
  done <"$1"
  return 0
}

# Print the header comment of script $1 (the comment lines after the shebang).
print_header() {
  local line
  while IFS= read -r line; do
    [[ ${line} == '#!'* ]] && continue
    [[ ${line} == '#'* ]] || break
    line=${line#\#}
    echo "${line# }"
  done <"$1"
}

_options=" $(option_names "$0" | tr '\n' ' ') "
while (($#)); do
  case $1 in
    -h | --help)
      print_header "$0"
      echo
      echo "Options (default, meaning):"
      print_options "$0"
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
    *)
      if [[ ${positional_args:-false} != true ]]; then
        echo "$0: unexpected argument '$1' (options are --name value; --help lists them)" >&2
        exit 2
      fi
      break
      ;;
  esac
  _name=${_opt#--}
  _name=${_name//-/_}
  if [[ ${_options} != *" ${_name} "* ]]; then
    echo "$0: unknown option ${_opt} (--help lists the options)" >&2
    exit 2
  fi
  printf -v "${_name}" '%s' "${_val}"
done
unset _opt _val _name _options
unset -f print_options print_header option_names
