r"""Pack a trained ASR model with everything decoding needs (ESPnet's pack format; :mod:`softassign.espnet.pack`).

    python -m softassign.bin.pack_model --exp exp/asr_x_k1024 --inference_model valid.acc.ave.pth \
        --feats_conf conf/feats/wavlm_large_l21.yaml --out exp/asr_x_k1024/asr_x_k1024_valid.acc.ave.zip
The feature conf must be the one the model's input (its units, or its continuous features) came from.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.bin.common import run, setup_logging
from softassign.espnet.pack import pack_model


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and pack."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exp", required=True, help="ESPnet exp dir (config.yaml)")
    parser.add_argument("--inference_model", default="valid.acc.ave.pth", help="the checkpoint to pack")
    parser.add_argument("--feats_conf", required=True, help="the feature reader conf of the model's input")
    parser.add_argument("--out", required=True, help="the pack (.zip)")
    args = parser.parse_args(argv)
    setup_logging()
    out = pack_model(args.exp, Path(args.exp) / args.inference_model, args.feats_conf, args.out)
    logging.info("packed %s", out)


if __name__ == "__main__":
    run(main)
