"""YAML configuration files (feature reader confs, model confs), read with the file named in every error."""

from __future__ import annotations

from pathlib import Path

import yaml

from softassign.errors import ConfigError


def load_yaml(path: str | Path) -> dict:
    """Read a YAML mapping, naming the file when it is missing, malformed or not a mapping."""
    try:
        with open(path, encoding="utf-8") as f:
            config = yaml.safe_load(f) or {}
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config ({err})") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a YAML mapping")
    return config


def inline_yaml(config: dict) -> str:
    """``config`` as one line of YAML flow style, e.g. ``{layer: 21, model: wavlm_large, type: ssl}``."""
    return yaml.safe_dump(config, default_flow_style=True, width=1 << 30).strip()
