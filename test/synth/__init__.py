"""Tests of softassign.synth (a package, so that test_text.py does not clash with test/test_text.py)."""
