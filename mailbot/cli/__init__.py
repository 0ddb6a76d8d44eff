"""The `mdreg` command line and what its commands print."""
