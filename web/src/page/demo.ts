// Demo mode: `?demo` makes the page read demo-config.json (written by scripts/demo.sh next to
// the page) and pre-wire every provider to the local emulator with the demo credentials. The
// page says loudly that it is a demo; without `?demo` it talks to the real providers.
import type { Fields, Registry } from '../credprobe/types.js';

export interface DemoProvider {
  fields: Fields;
  endpoints: Record<string, string>;
}

export interface DemoConfig {
  label: string;
  emulator: string;
  relay?: string;
  providers: Record<string, DemoProvider>;
}

interface DemoFile {
  label?: string;
  emulator?: string;
  relay?: string;
  providers?: Record<string, Partial<DemoProvider>>;
}

export function demoRequested(location: Location): boolean {
  return new URLSearchParams(location.search).has('demo');
}

export async function loadDemoConfig(registry: Registry): Promise<DemoConfig> {
  const response = await fetch('demo-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`demo-config.json: HTTP ${response.status} (run scripts/demo.sh)`);
  const file = (await response.json()) as DemoFile;
  const emulator = file.emulator ?? '';
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(emulator)) {
    throw new Error('demo-config.json: emulator must be a loopback http://HOST:PORT');
  }
  const providers: Record<string, DemoProvider> = {};
  for (const spec of registry.providers) {
    const given = file.providers?.[spec.id] ?? {};
    // Every endpoint goes to the emulator unless the config names another loopback URL.
    const endpoints = Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator]));
    providers[spec.id] = { fields: given.fields ?? {}, endpoints: { ...endpoints, ...(given.endpoints ?? {}) } };
  }
  return {
    label: file.label ?? 'Demo: every request goes to the local provider emulator, with demo credentials.',
    emulator,
    ...(file.relay ? { relay: file.relay } : {}),
    providers,
  };
}
