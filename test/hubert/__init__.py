"""Tests of softassign.hubert (a package: its test_data.py and test_model.py do not clash with test/vocoder/)."""
