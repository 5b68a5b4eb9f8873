# shellcheck shell=bash
# Where the corpus is on this machine; sourced by local/data.sh. The environment overrides it:
#     LJSPEECH=/data/LJSpeech-1.1 ./run.sh
# The dir is the unpacked release (metadata.csv and wavs/), as keithito.com/LJ-Speech-Dataset ships it.
LJSPEECH=${LJSPEECH:-/path/to/LJSpeech-1.1}
