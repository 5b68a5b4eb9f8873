"""Evaluation: ASR scoring (WER/CER) and the results tables shared by every task."""
