r"""Synthesize a set with a unit vocoder: hard from unit ids, or hard/soft from features (or audio) + centroids.

Hard, from unit ids:
    python -m softassign.bin.synthesize --model exp/vocoder/vocoder.pt \
        --units_scp dump/units/test/units.scp --out_dir exp/vocoder/synth/test_hard --ref_data_dir data/test
From features: nearest centroid without --tau, soft assignment z = sum_k p(k|x) E[k] with it:
    python -m softassign.bin.synthesize --model exp/vocoder/vocoder.pt \
        --data_dir data/test --reader_conf conf/feats/wavlm_large_l21.yaml --centroids exp/kmeans/centroids.npy \
        --tau 0.5 [--topk 8] --out_dir exp/vocoder/synth/test_soft_tau0.5 --ref_data_dir data/test
(features computed from the audio with the reader the units came from; ``--feats_scp`` reads dumped ones).
writes ``<out_dir>/wav/<utt>.wav``, ``<out_dir>/wav.scp`` (+ ``.done``) and, with --ref_data_dir,
``text`` and ``utt2spk`` (so that out_dir is a data dir for ASR scoring).
"""

from __future__ import annotations

import argparse

from softassign.arkio import scp_keys
from softassign.bin.common import run, setup_logging
from softassign.features.sources import add_feature_source_args, feature_source_from_args
from softassign.units.centroids import load_centroids
from softassign.vocoder.model import load_vocoder
from softassign.vocoder.synthesize import synthesize_features, synthesize_units, write_wav_dir


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and synthesize."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="vocoder.pt or a training checkpoint")
    parser.add_argument("--units_scp", help="hard unit ids (integer vectors)")
    add_feature_source_args(parser, required=False)
    parser.add_argument("--centroids", help="centroid file (.npy, K x D) of the units")
    parser.add_argument("--tau", type=float, help="soft assignment temperature; hard (argmin) when left out")
    parser.add_argument("--topk", type=int, help="keep only the k most probable clusters (soft only)")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--ref_data_dir", help="data dir whose text and utt2spk are copied for the utterances")
    args = parser.parse_args(argv)
    if bool(args.units_scp) == bool(args.feats_scp or args.data_dir):
        parser.error("give --units_scp, or features: --feats_scp or --data_dir with --reader_conf")
    if not args.units_scp and not args.centroids:
        parser.error("features need --centroids")
    if args.units_scp and (args.centroids or args.tau is not None or args.topk is not None):
        parser.error("--centroids/--tau/--topk apply to features only")
    if args.topk is not None and args.tau is None:
        parser.error("--topk needs --tau")
    setup_logging()
    vocoder = load_vocoder(args.model, args.device)
    if args.units_scp:
        waves, total = synthesize_units(vocoder, args.units_scp), len(scp_keys(args.units_scp))
    else:
        source = feature_source_from_args(args)
        waves = synthesize_features(vocoder, source, load_centroids(args.centroids), args.tau, args.topk or None)
        total = len(source.utterances())
    write_wav_dir(waves, args.out_dir, vocoder.config.sample_rate, args.ref_data_dir, total=total)


if __name__ == "__main__":
    run(main)
