"""credprobe: does this credential work, whose is it, and will the compute it names launch?

    >>> import credprobe
    >>> verdict = credprobe.check("huggingface", {"hf_token": token})
    >>> verdict.status, verdict.identity.get("user")
    ('valid', 'ada')

Verdicts are values: a rejected, unreachable or rate-limited credential is a `Verdict` whose
`status` and `summary` say so, never an exception. Exceptions mean misuse (an unknown provider
or field, a value that is not text, a configuration file that cannot be read or parsed).

The work is done by the native `credprobe` command-line tool bundled in this package (the same
C++ core as the CLI, the web page and the JupyterLab panel); field values reach it through pipes,
never through its arguments or environment.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Dict, List, Mapping, Optional, Tuple, Union

from ._run import CredprobeError, executable, run
from ._types import (
    ConfigResult,
    Endpoint,
    Evidence,
    Field,
    Finding,
    Option,
    Permission,
    ProfileResult,
    Provider,
    Requirement,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ConfigResult",
    "CredprobeError",
    "Endpoint",
    "Evidence",
    "Field",
    "Finding",
    "Option",
    "Permission",
    "ProfileResult",
    "Provider",
    "Requirement",
    "Verdict",
    "check",
    "check_config",
    "executable",
    "lint",
    "providers",
]

# `credprobe check --timeout` accepts this range (seconds per request).
_TIMEOUT_RANGE = (0.1, 600.0)


class ConfigError(ValueError):
    """A Clustrix configuration that could not be read or is not one (nothing was sent). The
    message names the file and, for a parse error, the line and column."""


@functools.lru_cache(maxsize=1)
def _registry() -> Tuple[Provider, ...]:
    done = run(["providers", "--json"], {})
    if done.exit_code != 0:
        raise CredprobeError(f"credprobe providers failed: {done.stderr.strip()}")
    return tuple(Provider._from_json(p) for p in json.loads(done.stdout)["providers"])


def providers() -> List[Provider]:
    """Every provider credprobe checks, with its fields, conventional sources and endpoints."""
    return list(_registry())


def _name_for_message(given: object, known: List[str]) -> str:
    """`given` quoted when it looks like a name, else only its length: what someone typed where a
    name belongs may be a pasted secret. The CLI's rule (check.cpp name_for_message): no longer
    than the longest known name, letters, digits, `_`, `-` and `.` only."""
    text = given if isinstance(given, str) else repr(given)
    longest = max((len(k) for k in known), default=0)
    if text and len(text) <= longest and all(c.isascii() and (c.isalnum() or c in "_-.") for c in text):
        return f"'{text}'"
    return f"(a name of {len(text)} characters, not shown)"


def _provider(provider_id: str) -> Provider:
    if not isinstance(provider_id, str):
        raise TypeError(f"provider must be a provider id (str), not {type(provider_id).__name__}")
    for p in _registry():
        if p.id == provider_id:
            return p
    ids = [p.id for p in _registry()]
    raise ValueError(f"unknown provider {_name_for_message(provider_id, ids)}; providers are: {', '.join(ids)}")


def _checked_fields(provider: Provider, fields: Mapping[str, str]) -> Dict[str, str]:
    if not isinstance(fields, Mapping):
        raise TypeError(f"fields must be a mapping of field name to text, not {type(fields).__name__}")
    names = [f.name for f in provider.fields]
    out: Dict[str, str] = {}
    for name, value in fields.items():
        if name not in names:
            raise ValueError(
                f"unknown field {_name_for_message(name, names)} for {provider.id}; "
                f"fields are: {', '.join(names)}"
            )
        if not isinstance(value, str):
            raise TypeError(f"field {name} must be text (str), not {type(value).__name__}")
        out[name] = value
    return out


def _endpoint_args(endpoints: Union[None, str, Mapping[str, str]]) -> List[str]:
    if endpoints is None:
        return []
    if isinstance(endpoints, str):
        return ["--endpoint", endpoints]
    if not isinstance(endpoints, Mapping):
        raise TypeError("endpoints must be a URL (str) or a mapping of endpoint name to URL")
    args: List[str] = []
    for name, url in endpoints.items():
        args += ["--endpoint", f"{name}={url}" if name else url]
    return args


def _option_args(options: Optional[Mapping[str, str]]) -> List[str]:
    args: List[str] = []
    for name, value in (options or {}).items():
        args += ["--option", f"{name}={value}"]
    return args


def _timeout_args(timeout: float) -> List[str]:
    low, high = _TIMEOUT_RANGE
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not low <= timeout <= high:
        raise ValueError(f"timeout must be seconds per request between {low} and {high:g}")
    return ["--timeout", repr(float(timeout))]


def _tool_message(stderr: str) -> str:
    """The tool's error line without its `credprobe: ` prefix."""
    message = stderr.strip()
    return message[len("credprobe: ") :] if message.startswith("credprobe: ") else message


def lint(provider: str, fields: Mapping[str, str]) -> List[Finding]:
    """Offline format checks of these fields (no network call): errors, warnings and notes,
    each naming its field. An empty list, or one without errors, means the format looks right.
    Only the fields given are read, never the environment."""
    spec = _provider(provider)
    values = _checked_fields(spec, fields)
    done = run(["lint", spec.id, "--no-sources", "--json"], values)
    if done.exit_code not in (0, 2) or not done.stdout.strip():
        raise ValueError(_tool_message(done.stderr))
    return [Finding._from_json(f) for f in json.loads(done.stdout)["issues"]]


def check(
    provider: str,
    fields: Optional[Mapping[str, str]] = None,
    endpoints: Union[None, str, Mapping[str, str]] = None,
    timeout: float = 10,
    *,
    options: Optional[Mapping[str, str]] = None,
    profile: Optional[str] = None,
) -> Verdict:
    """Validates one credential against its provider and returns the verdict.

    fields: the provider's fields by name (`providers()` lists them, e.g. {"hf_token": ...}).
        None reads them from the conventional sources as `credprobe check PROVIDER` does
        (environment variables, then files such as ~/.aws/credentials); given, only these.
        With the provider's compute fields (e.g. aws_instance_type and aws_region) a valid
        credential is also checked for readiness: `verdict.ready`.
    endpoints: a URL replacing the provider's base, or {endpoint name: URL} (private
        deployments, sovereign clouds, the test emulator).
    timeout: seconds to wait for each request.
    options: provider options, e.g. {"aws_sts_method": "POST"}.
    profile: the AWS profile to read when fields is None.
    """
    spec = _provider(provider)
    args = ["check", spec.id, "--json"]
    values: Dict[str, str] = {}
    if fields is not None:
        values = _checked_fields(spec, fields)
        args.append("--no-sources")
    if profile is not None:
        args += ["--profile", profile]
    args += _endpoint_args(endpoints) + _option_args(options) + _timeout_args(timeout)
    done = run(args, values)
    if not done.stdout.strip():
        raise ValueError(_tool_message(done.stderr))
    return Verdict._from_json(json.loads(done.stdout))


def check_config(
    path: Union[str, "os.PathLike[str]"],
    profile: Optional[str] = None,
    endpoints: Optional[Mapping[str, str]] = None,
    timeout: float = 10,
) -> ConfigResult:
    """Checks every profile of a Clustrix configuration (YAML or JSON; one flat configuration,
    or active_profile + profiles), concurrently, with readiness where a profile names compute;
    or only `profile`. Profiles of cluster types credprobe does not check (ssh, slurm, ...) are
    in the result with `provider` None and `not_checked` saying so.

    endpoints: each names its provider: {"huggingface": URL}, {"aws.sts": URL}.
    Raises FileNotFoundError for a missing file and ConfigError for one that does not parse
    or is not a Clustrix configuration (with the line and column); nothing is sent then.
    """
    path = os.path.expanduser(os.fspath(path))
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no Clustrix configuration at {path}")
    args = ["check", "--config", path, "--json"]
    if profile is not None:
        args += ["--profile", profile]
    if endpoints is not None and not isinstance(endpoints, Mapping):
        raise TypeError("endpoints must be a mapping of PROVIDER or PROVIDER.NAME to URL")
    args += _endpoint_args(endpoints) + _timeout_args(timeout)
    done = run(args, {})
    if not done.stdout.strip():
        raise ConfigError(_tool_message(done.stderr))
    return ConfigResult._from_json(json.loads(done.stdout))
