r"""Write speed-perturbed copies of a Kaldi data dir (ESPnet's ``speed_perturb_factors``).

    python -m softassign.bin.perturb_speed --factors 0.9 1.1 --out_prefix data/train_real_sp data/train_real
writes data/train_real_sp0.9 and data/train_real_sp1.1: ids prefixed ``sp<factor>-``, audio played through
``sox ... speed <factor> |`` (no wav is written), transcripts unchanged. Each dir is swapped in whole.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import run, setup_logging
from softassign.datadir import load_data_dir, perturb_speed
from softassign.errors import DataError


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write one perturbed dir per factor."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", nargs="+", required=True, help="speed factors (0.9 1.1), as named in the dirs")
    parser.add_argument("--out_prefix", required=True, help="each dir is <out_prefix><factor>")
    parser.add_argument("data_dir")
    args = parser.parse_args(argv)
    setup_logging()
    data = load_data_dir(args.data_dir)
    for factor in args.factors:
        try:
            speed = float(factor)
        except ValueError as err:
            raise DataError(f"{args.out_prefix}{factor}: speed factor {factor!r} is not a number") from err
        out = perturb_speed(data, speed, f"{args.out_prefix}{factor}")
        logging.info("%s: %d utterances at speed %s", out.path, len(out.utterances), factor)


if __name__ == "__main__":
    run(main)
