"""Seeded stand-ins for torchaudio's pretrained SSL weights (see softassign.bench.seeded_weights), for the tests."""

from softassign.bench.seeded_weights import seed_bundle_weights, weights_path

__all__ = ["seed_bundle_weights", "weights_path"]
