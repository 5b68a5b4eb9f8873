"""Where the features of a set come from: a dumped feature scp, or a data dir's audio through a reader.

Recipes dump features only for the k-means portion of the training set; unit
ids, soft decoding, tau selection and synthesis compute the features of every
other set from its audio on the fly. :class:`FeatureSource` hides the
difference: both give ``(utt, (frames, dim) float32 CPU tensor)`` pairs in
Kaldi (sorted) order. Command-line tools take ``--feats_scp`` or
``--data_dir`` with ``--reader_conf`` (:func:`add_feature_source_args`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import torch

from softassign.arkio import iter_feature_scp, scp_keys
from softassign.audio import load_audio
from softassign.conf import load_yaml
from softassign.datadir import DataDir, load_data_dir
from softassign.errors import ConfigError, DataError
from softassign.features.base import FeatureReader, build_reader


def load_utterance(data: DataDir, utt: str, sample_rate: int) -> torch.Tensor:
    """The audio of one utterance of a data dir (segments applied), mono at ``sample_rate``."""
    entry, segment = data.audio_ref(utt)
    return load_audio(entry, sample_rate, utt, segment)


def reader_features(data: DataDir, utts: list[str], reader: FeatureReader) -> Iterator[tuple[str, torch.Tensor]]:
    """(utt, features) of ``utts`` computed by ``reader`` from the audio of ``data``, one utterance at a time.

    One at a time keeps features independent of batching (padding changes the
    features of group-norm models slightly) and memory bounded.
    """
    for utt in utts:
        (feats,) = reader.extract([load_utterance(data, utt, reader.sample_rate)])
        if len(feats) == 0:
            raise DataError(f"utterance {utt}: audio too short for a single feature frame")
        yield utt, feats.cpu()


@dataclass
class FeatureSource:
    """A dumped feature ``scp``, or a ``data_dir`` whose audio ``reader`` turns into features."""

    scp: str | None = None
    data_dir: str | None = None
    reader: FeatureReader | None = None

    def __post_init__(self) -> None:
        if (self.scp is None) == (self.data_dir is None):
            raise ConfigError("a feature source is a feature scp or a data dir, not both or neither")
        if self.data_dir is not None and self.reader is None:
            raise ConfigError(f"{self.data_dir}: features from audio need a feature reader (--reader_conf)")
        self._data = load_data_dir(self.data_dir, require_text=False) if self.data_dir is not None else None

    @property
    def name(self) -> str:
        """The scp or data dir, for messages."""
        return str(self.scp if self.scp is not None else self.data_dir)

    def utterances(self) -> list[str]:
        """The utterance ids of the set, in order."""
        return scp_keys(self.scp) if self.scp is not None else self._data.utterances

    def __iter__(self) -> Iterator[tuple[str, torch.Tensor]]:
        return self.iterate()

    def iterate(self, utts: list[str] | None = None) -> Iterator[tuple[str, torch.Tensor]]:
        """(utt, features) of ``utts`` (default: all), in the order given."""
        utts = self.utterances() if utts is None else utts
        if self.scp is not None:
            return ((utt, torch.from_numpy(feats)) for utt, feats in iter_feature_scp(self.scp, utts))
        return reader_features(self._data, utts, self.reader)


def add_feature_source_args(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """``--feats_scp`` | ``--data_dir`` (with ``--reader_conf``, ``--device``): where the features come from."""
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("--feats_scp", help="dumped features (Kaldi scp of (frames, dim) matrices)")
    source.add_argument("--data_dir", help="Kaldi data dir: features computed from its audio (needs --reader_conf)")
    parser.add_argument("--reader_conf", help="YAML feature reader config ({type: mfcc|fbank|ssl, ...})")
    parser.add_argument("--device", default="cpu", help="torch device for feature extraction (cpu, cuda, cuda:1)")


def feature_source_from_args(args: argparse.Namespace) -> FeatureSource | None:
    """The source named by :func:`add_feature_source_args` options (None when neither was given)."""
    if args.feats_scp:
        return FeatureSource(scp=args.feats_scp)
    if not args.data_dir:
        return None
    if not args.reader_conf:
        raise ConfigError("--data_dir needs --reader_conf")
    return FeatureSource(data_dir=args.data_dir, reader=build_reader_conf(args.reader_conf, args.device))


def build_reader_conf(path: str | Path, device: str = "cpu") -> FeatureReader:
    """Build the reader of a YAML reader config on ``device``."""
    return build_reader({**load_yaml(path), "device": device})
