r"""Phone purity, cluster purity and PNMI of the hard unit ids of a set against phone alignments (no ASR model).

    python -m softassign.bin.unit_quality --units_scp dump/hubert_iter2_k512/real_kathleen/units.scp \
        --num_clusters 512 --feats_conf conf/feats/hubert_iter2.yaml \
        --ctm ../shared/data/kathleen_arctic_a/phones.ctm [--out exp/unit_quality_hubert_iter2_k512.tsv]

The measure HuBERT's authors choose iterations and layers by (Hsu et al., 2021), before any downstream
training: see softassign.phone_analysis.unit_quality. Frame labels come from the CTM at the frame shift of
--feats_conf's reader (or --frame_shift seconds); utterances the CTM lacks are skipped. Prints the row
(test_set, system hard, units, phone_purity, cluster_purity, pnmi, frames, utts) and, with --out, writes it as
a one-row results TSV (softassign.evaluation.results).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.arkio import iter_scp
from softassign.bin.common import run, setup_logging
from softassign.conf import load_yaml
from softassign.errors import ConfigError, DataError
from softassign.evaluation.results import write_rows
from softassign.phone_analysis.ctm import read_ctm
from softassign.phone_analysis.labels import AlignmentLabels, frame_shift_of
from softassign.phone_analysis.unit_quality import UnitPhoneCounts


def count_units(units_scp: str | Path, num_clusters: int, labels: AlignmentLabels) -> tuple[UnitPhoneCounts, int]:
    """Joint (unit, phone) frame counts of every utterance of ``units_scp`` the alignment has; and their number."""
    counts, utts = UnitPhoneCounts(num_clusters), 0
    for utt, ids in iter_scp(units_scp):
        frame_labels = labels(utt, ids)
        if frame_labels is None:
            continue
        counts.update(ids, frame_labels, f"{units_scp}: utterance {utt}")
        utts += 1
    if not utts:
        raise DataError(f"{units_scp}: no utterance of it is in the alignment")
    return counts, utts


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, count and print (and write) the measures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units_scp", required=True, help="hard unit ids of the set (asr.sh stage 4)")
    parser.add_argument("--num_clusters", type=int, required=True, help="K of the units")
    parser.add_argument("--ctm", required=True, help="phone alignment of the set's utterances")
    parser.add_argument("--feats_conf", help="the units' feature conf: its reader gives the frame shift")
    parser.add_argument("--frame_shift", type=float, help="seconds between unit frames (instead of --feats_conf)")
    parser.add_argument("--name", help="the row's units column (default: the name of the units scp's dump dir)")
    parser.add_argument("--out", help="one-row TSV to write")
    args = parser.parse_args(argv)
    if (args.feats_conf is None) == (args.frame_shift is None):
        raise ConfigError("give exactly one of --feats_conf and --frame_shift")
    setup_logging()
    shift = args.frame_shift or frame_shift_of(load_yaml(args.feats_conf), args.feats_conf)
    counts, utts = count_units(args.units_scp, args.num_clusters, AlignmentLabels(read_ctm(args.ctm), shift))
    quality = counts.compute()
    set_dir = Path(args.units_scp).parent
    row = {
        "test_set": set_dir.name,
        "system": "hard",
        "tau": "",
        "units": args.name or set_dir.parent.name,
        "phone_purity": f"{quality.phone_purity:.4f}",
        "cluster_purity": f"{quality.cluster_purity:.4f}",
        "pnmi": f"{quality.pnmi:.4f}",
        "frames": quality.num_frames,
        "utts": utts,
    }
    if args.out:
        write_rows(args.out, [row])
    print("\t".join(f"{key}={value}" for key, value in row.items()))


if __name__ == "__main__":
    run(main)
