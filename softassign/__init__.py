"""softassign: discrete speech units with soft assignment at inference."""

__version__ = "0.1.0"
