"""Tasks of the notify queue."""
