"""vorort: Integration vor Ort."""

__version__ = "0.1.0"
