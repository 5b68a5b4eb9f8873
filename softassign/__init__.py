"""softassign: discrete speech units with soft assignment at inference."""
