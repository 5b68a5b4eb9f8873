"""Seeded stand-ins for torchaudio's pretrained SSL weights (softassign.benchmarks.seeded_weights), for the tests."""

from softassign.benchmarks.seeded_weights import seed_bundle_weights, weights_path

__all__ = ["seed_bundle_weights", "weights_path"]
