"""Print a YAML config as one line of flow-style YAML, for ESPnet options such as ``--frontend_conf reader=...``.

    python -m softassign.bin.inline_yaml conf/feats/wavlm_large_l21.yaml
    {layer: 21, model: wavlm_large, type: ssl}
String values naming existing relative paths (a ``checkpoint``) are made absolute, so that the ESPnet
config written by training loads from any directory (another recipe decoding with the model).
"""

from __future__ import annotations

import argparse
import os

from softassign.bin.common import run
from softassign.conf import inline_yaml, load_yaml


def absolute_paths(value):
    """``value`` with every string naming an existing relative path made absolute (recursively)."""
    if isinstance(value, dict):
        return {key: absolute_paths(item) for key, item in value.items()}
    if isinstance(value, list):
        return [absolute_paths(item) for item in value]
    if isinstance(value, str) and value and not os.path.isabs(value) and os.path.exists(value):
        return os.path.abspath(value)
    return value


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and print the config."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", help="YAML file")
    args = parser.parse_args(argv)
    print(inline_yaml(absolute_paths(load_yaml(args.config))))


if __name__ == "__main__":
    run(main)
