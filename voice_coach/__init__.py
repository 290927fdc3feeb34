"""voice-coach: an offline, voice-first coach for rehearsing assertive communication."""

__version__ = "0.1.0"
