"""Synthesize a set with a unit vocoder: hard from unit ids, or hard/soft from features + centroids.

Hard, from unit ids:
    python -m softassign.bin.synthesize --model exp/vocoder/vocoder.pt \
        --units_scp dump/units/test/units.scp --out_dir exp/vocoder/synth/test_hard --ref_data_dir data/test
From features: nearest centroid without --tau, soft assignment z = sum_k p(k|x) E[k] with it:
    python -m softassign.bin.synthesize --model exp/vocoder/vocoder.pt \
        --feats_scp dump/feats/test/feats.scp --centroids exp/kmeans/centroids.npy --tau 0.5 [--topk 8] \
        --out_dir exp/vocoder/synth/test_soft_tau0.5 --ref_data_dir data/test
writes ``<out_dir>/wav/<utt>.wav``, ``<out_dir>/wav.scp`` (+ ``.done``) and, with --ref_data_dir,
``text`` and ``utt2spk`` (so that out_dir is a data dir for ASR scoring).
"""

from __future__ import annotations

import argparse

from softassign.arkio import scp_keys
from softassign.bin.common import setup_logging
from softassign.tts.synthesize import synthesize_features, synthesize_units, write_wav_dir
from softassign.tts.vocoder import load_vocoder
from softassign.units.centroids import load_centroids


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and synthesize."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="vocoder.pt or a training checkpoint")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--units_scp", help="hard unit ids (int32 vectors)")
    source.add_argument("--feats_scp", help="continuous features; needs --centroids")
    parser.add_argument("--centroids", help="centroid file (.npy, K x D) of the units")
    parser.add_argument("--tau", type=float, help="soft assignment temperature; hard (argmin) when left out")
    parser.add_argument("--topk", type=int, help="keep only the k most probable clusters (soft only)")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--ref_data_dir", help="data dir whose text and utt2spk are copied for the utterances")
    parser.add_argument("--device", default="cpu", help="torch device (cpu, cuda, cuda:1)")
    args = parser.parse_args(argv)
    if args.feats_scp and not args.centroids:
        parser.error("--feats_scp needs --centroids")
    if args.units_scp and (args.centroids or args.tau is not None or args.topk is not None):
        parser.error("--centroids/--tau/--topk apply to --feats_scp only")
    if args.topk is not None and args.tau is None:
        parser.error("--topk needs --tau")
    setup_logging()
    vocoder = load_vocoder(args.model, args.device)
    if args.units_scp:
        waves, scp = synthesize_units(vocoder, args.units_scp), args.units_scp
    else:
        centroids = load_centroids(args.centroids)
        waves, scp = synthesize_features(vocoder, args.feats_scp, centroids, args.tau, args.topk), args.feats_scp
    write_wav_dir(waves, args.out_dir, vocoder.config.sample_rate, args.ref_data_dir, total=len(scp_keys(scp)))


if __name__ == "__main__":
    main()
