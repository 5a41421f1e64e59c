// The panel's settings (schema/plugin.json), read defensively: the settings editor lets a
// person type anything. No setting ever holds a credential.
import type { ProviderSpec } from 'credprobe-web/credprobe/types';

export interface LabSettings {
  providers: string[];
  endpoints: Record<string, Record<string, string>>;
  timeoutSeconds: number;
  useServerRelay: boolean;
}

export const DEFAULT_SETTINGS: LabSettings = {
  providers: [],
  endpoints: {},
  timeoutSeconds: 10,
  useServerRelay: true,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function readSettings(composite: unknown): LabSettings {
  if (!isRecord(composite)) return { ...DEFAULT_SETTINGS };
  const providers = Array.isArray(composite['providers'])
    ? [...new Set(composite['providers'].filter((p): p is string => typeof p === 'string' && p !== ''))]
    : [];
  const endpoints: Record<string, Record<string, string>> = {};
  if (isRecord(composite['endpoints'])) {
    for (const [provider, map] of Object.entries(composite['endpoints'])) {
      if (!isRecord(map)) continue;
      const kept: Record<string, string> = {};
      for (const [name, url] of Object.entries(map)) {
        if (typeof url === 'string' && isHttpUrl(url.trim())) kept[name] = url.trim();
      }
      if (Object.keys(kept).length > 0) endpoints[provider] = kept;
    }
  }
  const timeout = composite['timeoutSeconds'];
  const timeoutSeconds =
    typeof timeout === 'number' && Number.isFinite(timeout) ? Math.min(Math.max(timeout, 1), 120) : DEFAULT_SETTINGS.timeoutSeconds;
  const useServerRelay = typeof composite['useServerRelay'] === 'boolean' ? composite['useServerRelay'] : true;
  return { providers, endpoints, timeoutSeconds, useServerRelay };
}

/** The providers to show, in the settings' order (all of them when the list is empty). */
export function shownProviders(all: ProviderSpec[], wanted: string[]): { shown: ProviderSpec[]; unknown: string[] } {
  if (wanted.length === 0) return { shown: [...all], unknown: [] };
  const byId = new Map(all.map((p) => [p.id, p]));
  const shown: ProviderSpec[] = [];
  const unknown: string[] = [];
  for (const id of wanted) {
    const spec = byId.get(id);
    if (spec) shown.push(spec);
    else unknown.push(id);
  }
  return { shown, unknown };
}
