"""A ToAPIs-compatible server: demo mode in-process, tests over loopback."""
