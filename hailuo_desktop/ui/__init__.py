"""Qt widgets, grouped by feature: `create/`, `jobs/`, `dialogs/`, `common/`, the preview and
the main window that wires them to the engine. Never talks HTTP or to the keyring directly."""
