"""Qt widgets of the main window; never talks HTTP or to the keyring directly."""
