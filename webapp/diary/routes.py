"""The client's diary pages (built by the diary-pages work)."""
