"""Align: sentences of one article matched to sentences of another (placeholder)."""
