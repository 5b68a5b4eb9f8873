# shellcheck shell=bash
# Where the corpus is on this machine; sourced by local/data.sh. The environment overrides it:
#     L2ARCTIC=/data/l2arctic_release_v5.0 ./run.sh
# The dir holds the unpacked speaker dirs (ABA, ASI, BWC, ...), each with wav/, transcript/, annotation/.
L2ARCTIC=${L2ARCTIC:-/path/to/l2arctic}
