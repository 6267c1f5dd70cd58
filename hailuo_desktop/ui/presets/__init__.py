"""Presets in the window: the Presets menu of the create panel, "Save as preset", Manage."""
