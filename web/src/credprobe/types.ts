// Hand-written types for the JSON the C++ core produces. They mirror, field for field:
//   Verdict   <- to_json()          in src/credprobe/verdict.cpp
//   Registry  <- registry_to_json() in src/credprobe/registry.cpp
//   LintReport<- lint_to_json()     in src/credprobe/check.cpp (the shape of `credprobe lint --json`)
//   ClustrixImport <- clustrix_import_to_json() in src/credprobe/clustrix/clustrix_import.cpp
// Change them together with those functions.

export type Status =
  | 'valid'
  | 'invalid'
  | 'expired'
  | 'insufficient'
  | 'malformed'
  | 'unreachable'
  | 'blocked'
  | 'rate_limited'
  | 'indeterminate';

export const STATUSES: readonly Status[] = [
  'valid',
  'invalid',
  'expired',
  'insufficient',
  'malformed',
  'unreachable',
  'blocked',
  'rate_limited',
  'indeterminate',
];

export interface Permission {
  scope: string;
  access: string[];
}

export interface Evidence {
  method: string;
  host: string;
  path: string;
  http_status: number; // 0 when there was no HTTP answer
  latency_ms: number; // rounded to whole milliseconds
  via_relay: boolean;
  provider_code?: string;
  transport_error?: string;
}

/** Readiness (DESIGN.md): whether the compute the fields name can launch. */
export type RequirementState = 'met' | 'unmet' | 'unknown';
export type Ready = 'yes' | 'no' | 'unknown';

export interface Requirement {
  id: string; // "instance_type_offered", "vcpu_quota", "launch_permission", ...
  label: string;
  state: RequirementState;
  detail: string;
  hint: string; // empty when nothing is needed
  evidence: Evidence[];
}

export interface Verdict {
  provider: string;
  status: Status;
  summary: string;
  identity: Record<string, string>; // in the order the provider reports them (the core keeps insertion order)
  permissions: Permission[];
  evidence: Evidence[];
  hint: string;
  checked_at: string; // ISO 8601 UTC
  retry_after_seconds?: number;
  /** Present only when compute fields were given and the credential is valid. */
  ready?: Ready;
  readiness?: Requirement[];
}

export type FieldKind = 'text' | 'secret' | 'json' | 'file' | 'select';

export interface FieldSpec {
  name: string; // Clustrix configuration key
  label: string;
  kind: FieldKind;
  required: boolean;
  env_vars: string[];
  files: string[];
  help: string;
  default?: string;
  choices?: string[];
  group?: string; // "Compute" for the fields readiness reads
  clustrix_key?: false; // present (false) only for fields Clustrix does not know: exports leave them out
}

export interface EndpointSpec {
  name: string;
  label: string;
  default_url: string;
  browser_callable: boolean;
  hosts: string[]; // "*" stands for one DNS label
  readiness_only?: boolean; // used only by the readiness check
}

/** A setting that changes how the probe asks (check options), not what it proves. */
export interface OptionSpec {
  name: string;
  help: string;
  choices?: string[]; // compared case-insensitively; absent: any value
  default?: string;
}

export interface RequestDoc {
  method: string;
  endpoint: string;
  path: string;
  sends: string;
}

export interface ReadinessRequestDoc {
  method: string;
  endpoint: string;
  action: string;
  permission: string;
  sends: string;
}

export interface ProviderSpec {
  id: string;
  display_name: string;
  clustrix_type: string;
  summary: string;
  fields: FieldSpec[];
  endpoints: EndpointSpec[];
  options: OptionSpec[];
  requests?: RequestDoc[]; // the CLI's registry only: the page's wasm carries no documentation
  readiness_requests?: ReadinessRequestDoc[]; // the CLI's registry only, as requests
}

export interface Registry {
  providers: ProviderSpec[];
  allowed_hosts: string[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface LintIssue {
  severity: Severity;
  field: string;
  message: string; // never quotes the secret
}

export interface LintReport {
  provider: string;
  ok: boolean;
  issues: LintIssue[];
}

export type Fields = Record<string, string>;

export interface CheckOptions {
  /** Endpoint name -> base URL, replacing the registry's default_url. */
  endpoints?: Record<string, string>;
  /** Relay base URL; endpoints that refuse browsers go to {relay}/{host[:port]}{path}?{query}. */
  relay?: string;
  /** Headers sent with requests to the relay only, never to a provider (Jupyter's X-XSRFToken). */
  relayHeaders?: Record<string, string>;
  /** Per-request timeout; 10 seconds when left out. */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  /** Provider options (e.g. "aws_sts_method": "POST"). */
  options?: Record<string, string>;
  /** Unix seconds to use as "now"; tests pin it, pages leave it out. */
  now?: number;
}

/** One profile of an imported Clustrix configuration (importClustrix). */
export interface ClustrixProfile {
  name: string; // "" for a flat configuration
  cluster_type: string;
  provider: string | null; // the provider id; null: not checked
  not_checked?: string; // why, when provider is null
  fields: Fields; // the provider's fields the profile gives, with their values
  unchecked_keys: string[]; // keys given that credprobe does not check
  findings: LintIssue[]; // keys Clustrix would refuse, values that are not text
}

export interface ClustrixImport {
  shape: 'flat' | 'profiles';
  active_profile: string;
  findings: LintIssue[]; // about the file as a whole
  profiles: ClustrixProfile[];
  error?: string; // not a configuration at all: no profiles
}
