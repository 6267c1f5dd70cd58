"""Helpers every view shares: palette colours, translators, background tasks, notifications,
icons and garbage collection on the GUI thread."""
