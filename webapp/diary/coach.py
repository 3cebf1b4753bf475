"""The own coach's view of shared entries (built by the coach-side work)."""
