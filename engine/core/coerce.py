"""JSON, link and command-line values turned into a run config field's type, or a ConfigError."""

from __future__ import annotations

import json
from typing import Any

from engine.core.validation import ConfigError
from engine.i18n import N_


def coerce(key: str, value: Any, types: dict[str, str]) -> Any:
    """Turn JSON / command-line values into the field's type, or raise ConfigError."""
    if key not in types:
        raise ConfigError(key, "unknown key; known keys: {keys}", keys=", ".join(types))
    kind = types[key]
    try:
        if kind == "tuple[int, ...]":
            if isinstance(value, str):
                value = json.loads(value) if value.strip().startswith("[") else value.split("x")
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = [value]
            out = tuple(_as_int(v) for v in value)
            return out
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on"):
                return True
            if isinstance(value, str) and value.lower() in ("false", "0", "no", "off"):
                return False
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise ValueError
        if kind == "int":
            return _as_int(value)
        if kind == "int | None":
            if value is None or (isinstance(value, str) and value.lower() in ("none", "null", "")):
                return None
            return _as_int(value)
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind == "str":
            if not isinstance(value, str):
                raise ValueError
            return value
        if kind == "str | None":
            if value is None or (isinstance(value, str) and value.lower() in ("none", "null", "")):
                return None
            if not isinstance(value, str):
                raise ValueError
            return value
    except (ValueError, TypeError, json.JSONDecodeError):
        pass
    template = {
        "tuple[int, ...]": N_("{value!r} is not a list of class labels like [5, 6, 7]")
        if key == "classes"
        else N_("{value!r} is not a list of layer widths like [100, 100]"),
        "bool": N_("{value!r} is not true or false"),
        "int": N_("{value!r} is not an integer"),
        "int | None": N_("{value!r} is not an integer or null"),
        "float": N_("{value!r} is not a number"),
        "str": N_("{value!r} is not a string"),
        "str | None": N_("{value!r} is not a variant name or null"),
    }[kind]
    raise ConfigError(key, template, value=value)


def _as_int(v: Any) -> int:
    if isinstance(v, bool):
        raise ValueError
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError
        return int(v)
    if isinstance(v, str):
        return int(v.strip())
    if isinstance(v, int):
        return v
    raise ValueError


def coerce_all(data: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError("config", "expected a JSON object, got {type}", type=type(data).__name__)
    return {k: coerce(k, v, types) for k, v in data.items()}
