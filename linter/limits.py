"""Limits on what an input may cost, shared by the readers and the configuration (the lowest layer: imports nothing)."""

# A notice is a few pages; anything this large is a mistake (a log, a dump) and would only burn memory.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
