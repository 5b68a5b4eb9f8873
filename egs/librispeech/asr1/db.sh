# shellcheck shell=bash
# Where the corpus is on this machine; sourced by local/data.sh. The environment overrides it:
#     LIBRISPEECH=/data/LibriSpeech ./run.sh
# The dir holds the unpacked release splits (train-clean-100, dev-clean, ...), as openslr.org/12 ships them.
LIBRISPEECH=${LIBRISPEECH:-/path/to/LibriSpeech}
