"""Settings problems in one line each: a missing or unreadable settings file, bad TOML, unknown
keys, and values that do not fit (from the file, an MDREG_* variable or a flag)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import ValidationError

from mailbot.errors import ConfigurationError


def read_config_file(path: Path, *, explicit: bool, known: set[str]) -> dict:
    """The settings file's table; {} when the default file is absent. Raises ConfigurationError."""
    if not path.exists():
        if explicit:
            raise ConfigurationError(f"settings file {path}: no such file", code="no_config", path=path)
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"settings file {path}: not valid TOML: {exc}", code="bad_toml", path=path,
                                 cause=exc) from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"settings file {path}: not UTF-8 text", code="not_utf8", path=path) from exc
    except OSError as exc:
        raise ConfigurationError(f"settings file {path}: cannot read it: {exc.strerror or exc}", code="unreadable_config",
                                 path=path, cause=exc.strerror or exc) from exc
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigurationError(f"settings file {path}: unknown setting{'s' if len(unknown) > 1 else ''} "
                                 f"{', '.join(unknown)}", code="unknown_settings", path=path, names=", ".join(unknown))
    return data


def explain(error: ValidationError, *, config: Path, from_flags: set[str]) -> ConfigurationError:
    """One line naming the setting, where its value came from, and what is wrong with it."""
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    if not first["loc"]:  # a check across settings (e.g. a secret file): its message names the setting
        return ConfigurationError(f"settings: {message}{more}", code="bad_settings", message=message)
    name = str(first["loc"][0])
    env = f"MDREG_{name.upper()}"
    if name in from_flags:
        source, where = f"--{name.replace('_', '-')}", "bad_flag"
    elif env in os.environ:
        source, where = env, "bad_env"
    else:
        source, where = f"{name} in {config}", "bad_file_setting"
    value = first.get("input")
    shown = f" (got {value!r})" if isinstance(value, (str, int, float)) else ""
    message = message[:1].lower() + message[1:]
    # pydantic's own words for what is wrong stay English; where the value came from is said
    return ConfigurationError(f"setting {source}: {message}{shown}{more}", code=where, name=name.replace("_", "-")
                              if where == "bad_flag" else name, env=env, file=config, message=message,
                              value=f" ({value!r})" if shown else "")
