"""The create panel: prompt editor, camera-move palette, options and the first-frame drop zone."""
