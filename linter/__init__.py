"""noticelint: find what drifted between the English and French versions of a vacancy notice."""

__version__ = "0.1.0"
