r"""Convert one tier of the TextGrids listed in a ``textgrid.scp`` (utt -> path) to a CTM alignment.

    python -m softassign.bin.textgrid_to_ctm --textgrid_scp data/l2arctic/textgrid.scp \
        --tier phones --view perceived --out data/l2arctic/phones.ctm
``--view`` picks the perceived or canonical phone of L2-ARCTIC error labels (``raw`` for the words
tier); read the result with softassign.phone_analysis.read_ctm.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.corpora.l2arctic import read_annotations
from softassign.phone_analysis.ctm import write_ctm
from softassign.phone_analysis.textgrid import VIEWS


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, read the TextGrids, write the CTM."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--textgrid_scp", required=True)
    parser.add_argument("--tier", default="phones")
    parser.add_argument("--view", default="perceived", choices=VIEWS)
    parser.add_argument("--strip_stress", action="store_true", help="AH0 -> AH")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    alignment = read_annotations(args.textgrid_scp, args.tier, args.view, keep_stress=not args.strip_stress)
    write_ctm(args.out, alignment)
    logging.info("wrote %s: %d utterances", args.out, len(alignment))


if __name__ == "__main__":
    main()
