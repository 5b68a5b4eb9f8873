"""Write the unit ids of sets as the "source text" of ESPnet's discrete ASR: CJK characters, repeats removed.

    python -m softassign.bin.units_to_text dump/x_k1024/train/units.scp:dump/x_k1024/train/text.rm [...]
writes each OUT as a Kaldi ``text`` (utt, then one CJK character per unit id, ``chr(0x4e00 + id)``, no spaces),
with consecutive repeats removed (``--no_dedup`` keeps them), as ESPnet's asr2.sh makes ``text.rm.<lang>``
(:mod:`softassign.espnet.discrete_asr`).
"""

from __future__ import annotations

import argparse

from softassign.bin.common import parse_pairs, run, setup_logging
from softassign.espnet.discrete_asr import unit_text


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the texts."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no_dedup", action="store_true", help="keep consecutive repeats (ESPnet's src_case=ts)")
    parser.add_argument("sets", nargs="+", metavar="UNITS_SCP:OUT_TEXT")
    args = parser.parse_args(argv)
    setup_logging()
    for scp, out in parse_pairs(args.sets):
        unit_text(scp, out, dedup=not args.no_dedup)


if __name__ == "__main__":
    run(main)
