"""espnet."""
