"""The asyncio job runner shared by the GUI and the command line (no Qt)."""
