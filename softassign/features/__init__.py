"""Feature readers: waveforms -> (frames, dim) matrices, built by name from a config dict.

Registered types: ``mfcc``, ``fbank`` (:mod:`softassign.features.spectral`) and
``ssl`` (HuBERT/WavLM layers, :mod:`softassign.features.ssl`). Add a reader
by subclassing :class:`FeatureReader` and decorating it with
:func:`register_reader`.
"""

from softassign.features import spectral, ssl  # noqa: F401  (registers the readers)
from softassign.features.base import READERS, FeatureReader, build_reader, register_reader

__all__ = ["READERS", "FeatureReader", "build_reader", "register_reader"]
