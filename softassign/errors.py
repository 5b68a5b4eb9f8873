"""Errors raised for bad input; each message names the offending file or utterance."""


class DataError(ValueError):
    """Input data (audio, transcript, data dir, ark) is missing, malformed or inconsistent."""


class ConfigError(ValueError):
    """An option or model file does not fit the rest of the configuration."""
