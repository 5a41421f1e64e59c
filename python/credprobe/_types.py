"""The values credprobe returns: verdicts, findings, the provider registry, imported configs.

Each is a frozen dataclass read from the JSON the bundled command-line tool prints with
`--json`, whose fields it mirrors name for name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Literal, Mapping, Optional, Tuple

Status = Literal[
    "valid",
    "invalid",
    "expired",
    "insufficient",
    "malformed",
    "unreachable",
    "blocked",
    "rate_limited",
    "indeterminate",
]
Ready = Literal["yes", "no", "unknown"]
RequirementState = Literal["met", "unmet", "unknown"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Permission:
    scope: str
    access: str


@dataclass(frozen=True)
class Evidence:
    """One request credprobe sent and what came back (never the credential)."""

    method: str
    host: str
    path: str
    http_status: int  # 0 when no answer came
    latency_ms: int
    via_relay: bool
    provider_code: Optional[str] = None
    transport_error: Optional[str] = None

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "Evidence":
        return cls(
            method=j["method"],
            host=j["host"],
            path=j["path"],
            http_status=j["http_status"],
            latency_ms=j["latency_ms"],
            via_relay=j["via_relay"],
            provider_code=j.get("provider_code"),
            transport_error=j.get("transport_error"),
        )


@dataclass(frozen=True)
class Requirement:
    """One requirement of readiness: met, unmet (with what to do) or unknown (and why)."""

    id: str
    label: str
    state: RequirementState
    detail: str
    hint: str
    evidence: Tuple[Evidence, ...]

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "Requirement":
        return cls(
            id=j["id"],
            label=j["label"],
            state=j["state"],
            detail=j["detail"],
            hint=j["hint"],
            evidence=tuple(Evidence._from_json(e) for e in j["evidence"]),
        )


@dataclass(frozen=True)
class Verdict:
    """What the provider's answers prove about one credential.

    `status` is "invalid" or "expired" only on the provider's authoritative rejection, "valid"
    only on an answer that needed the credential; anything else says why it could not tell.
    `ready` is None when the fields name no compute, else whether that compute can launch.
    """

    provider: str
    status: Status
    summary: str
    identity: Dict[str, str]
    permissions: Tuple[Permission, ...]
    evidence: Tuple[Evidence, ...]
    hint: str
    checked_at: str
    retry_after_seconds: Optional[int] = None
    ready: Optional[Ready] = None
    readiness: Tuple[Requirement, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        """The credential works (it may still lack a permission readiness needs)."""
        return self.status == "valid"

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "Verdict":
        return cls(
            provider=j["provider"],
            status=j["status"],
            summary=j["summary"],
            identity=dict(j["identity"]),
            permissions=tuple(Permission(p["scope"], p["access"]) for p in j["permissions"]),
            evidence=tuple(Evidence._from_json(e) for e in j["evidence"]),
            hint=j["hint"],
            checked_at=j["checked_at"],
            retry_after_seconds=j.get("retry_after_seconds"),
            ready=j.get("ready"),
            readiness=tuple(Requirement._from_json(r) for r in j.get("readiness", ())),
        )


@dataclass(frozen=True)
class Finding:
    """An offline lint finding about one field (named, never quoted)."""

    severity: Severity
    field: str
    message: str

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "Finding":
        return cls(severity=j["severity"], field=j["field"], message=j["message"])


@dataclass(frozen=True)
class Field:
    name: str  # the Clustrix configuration key, e.g. "hf_token"
    label: str
    kind: Literal["text", "secret", "json", "file", "select"]
    required: bool
    env_vars: Tuple[str, ...]  # conventional sources, in precedence order
    files: Tuple[str, ...]
    help: str
    default: Optional[str] = None
    choices: Tuple[str, ...] = ()
    group: Optional[str] = None  # "Compute" for the fields readiness reads


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    default_url: str
    browser_callable: bool
    hosts: Tuple[str, ...]
    readiness_only: bool = False


@dataclass(frozen=True)
class Option:
    name: str
    help: str
    choices: Tuple[str, ...] = ()
    default: Optional[str] = None


@dataclass(frozen=True)
class Provider:
    id: str  # "huggingface"
    display_name: str
    clustrix_type: str  # Clustrix's cluster_type, e.g. "huggingface_spaces"
    summary: str
    fields: Tuple[Field, ...]
    endpoints: Tuple[Endpoint, ...]
    options: Tuple[Option, ...]

    def field(self, name: str) -> Optional[Field]:
        return next((f for f in self.fields if f.name == name), None)

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "Provider":
        return cls(
            id=j["id"],
            display_name=j["display_name"],
            clustrix_type=j["clustrix_type"],
            summary=j["summary"],
            fields=tuple(
                Field(
                    name=f["name"],
                    label=f["label"],
                    kind=f["kind"],
                    required=f["required"],
                    env_vars=tuple(f["env_vars"]),
                    files=tuple(f["files"]),
                    help=f["help"],
                    default=f.get("default"),
                    choices=tuple(f.get("choices", ())),
                    group=f.get("group"),
                )
                for f in j["fields"]
            ),
            endpoints=tuple(
                Endpoint(
                    name=e["name"],
                    label=e["label"],
                    default_url=e["default_url"],
                    browser_callable=e["browser_callable"],
                    hosts=tuple(e["hosts"]),
                    readiness_only=e.get("readiness_only", False),
                )
                for e in j["endpoints"]
            ),
            options=tuple(
                Option(
                    name=o["name"],
                    help=o["help"],
                    choices=tuple(o.get("choices", ())),
                    default=o.get("default"),
                )
                for o in j["options"]
            ),
        )


@dataclass(frozen=True)
class ProfileResult:
    """One profile of a Clustrix configuration and, when credprobe checks its cluster type,
    its verdict. Field names only: the values stay in the file."""

    name: str  # "" for a flat configuration
    cluster_type: str
    provider: Optional[str]  # None: credprobe does not check this cluster type
    not_checked: Optional[str]  # why, when provider is None
    fields: Tuple[str, ...]
    unchecked_keys: Tuple[str, ...]
    findings: Tuple[Finding, ...]
    verdict: Optional[Verdict]

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "ProfileResult":
        verdict = j.get("verdict")
        return cls(
            name=j["name"],
            cluster_type=j["cluster_type"],
            provider=j["provider"],
            not_checked=j.get("not_checked"),
            fields=tuple(j["fields"]),
            unchecked_keys=tuple(j["unchecked_keys"]),
            findings=tuple(Finding._from_json(f) for f in j["findings"]),
            verdict=Verdict._from_json(verdict) if verdict is not None else None,
        )


@dataclass(frozen=True)
class ConfigResult:
    """A Clustrix configuration checked profile by profile (`credprobe check --config`)."""

    path: str
    shape: Literal["flat", "profiles"]
    active_profile: Optional[str]
    findings: Tuple[Finding, ...]  # about the file as a whole
    profiles: Tuple[ProfileResult, ...]

    @property
    def verdicts(self) -> List[Verdict]:
        return [p.verdict for p in self.profiles if p.verdict is not None]

    @classmethod
    def _from_json(cls, j: Mapping[str, Any]) -> "ConfigResult":
        return cls(
            path=j["config"],
            shape=j["shape"],
            active_profile=j.get("active_profile") or None,
            findings=tuple(Finding._from_json(f) for f in j["findings"]),
            profiles=tuple(ProfileResult._from_json(p) for p in j["profiles"]),
        )
