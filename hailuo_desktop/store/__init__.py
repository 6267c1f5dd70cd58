"""What lasts on disk: the job database, settings and the API key in the OS keyring."""
