"""Dialogs and pages over the main window: settings, error details, the welcome page."""
