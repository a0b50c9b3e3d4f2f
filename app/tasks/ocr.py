"""Tasks of the ocr queue."""
