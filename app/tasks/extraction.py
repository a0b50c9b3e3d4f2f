"""Tasks of the extraction queue."""
