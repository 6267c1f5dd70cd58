"""Batches in the window: the New batch dialog and the batch bar above the videos."""
