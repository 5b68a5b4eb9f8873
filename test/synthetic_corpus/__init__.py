"""Tests of softassign.synthetic_corpus (a package, so that test_text.py does not clash with test/test_text.py)."""
