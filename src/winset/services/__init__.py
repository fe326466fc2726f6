"""Service layer: one function per use case, each returning a typed result (see :mod:`.results`)."""
