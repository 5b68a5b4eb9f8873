"""Thin command-line entry points, one job each, run as ``python -m softassign.bin.<name>``."""
