// Remembers non-secret field values in localStorage so a returning person need not retype a
// region or a tenant id. Secret and JSON fields are never written, whatever the caller passes.
import type { Fields, ProviderSpec } from '../credprobe/types.js';
import { isSecretKind } from './form.js';

const KEY = 'credprobe.remembered.v1';

export interface Remembered {
  selected: string[];
  fields: Record<string, Fields>;
}

function store(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed frame)
  }
}

export function loadRemembered(): Remembered {
  const text = store()?.getItem(KEY);
  if (!text) return { selected: [], fields: {} };
  try {
    const data = JSON.parse(text) as Partial<Remembered>;
    return { selected: data.selected ?? [], fields: data.fields ?? {} };
  } catch {
    return { selected: [], fields: {} };
  }
}

export function remember(specs: ProviderSpec[], selected: string[], values: Record<string, Fields>): void {
  const fields: Record<string, Fields> = {};
  for (const spec of specs) {
    const kept: Fields = {};
    for (const field of spec.fields) {
      const value = values[spec.id]?.[field.name];
      if (!isSecretKind(field) && value) kept[field.name] = value;
    }
    if (Object.keys(kept).length > 0) fields[spec.id] = kept;
  }
  store()?.setItem(KEY, JSON.stringify({ selected, fields }));
}

export function forget(): void {
  store()?.removeItem(KEY);
}
