// Turns validated settings into files Clustrix loads (see shared CLUSTRIX.md): a flat
// configuration for one provider, profiles (one per provider) for several; as YAML, JSON, or a
// .env file of the fields' conventional environment variables. Secret values (secret and json
// fields) are left out unless asked for, and then the file says plainly that it holds secrets.
import type { Fields, ProviderSpec } from '../credprobe/types.js';
import { isSecretKind } from './form.js';

export type ExportFormat = 'yaml' | 'json' | 'env';

export interface ExportEntry {
  spec: ProviderSpec;
  fields: Fields;
}

export interface ExportFile {
  filename: string;
  mime: string;
  text: string;
  holdsSecrets: boolean;
  leftOut: string[]; // "provider.field" of secrets left out
  notClustrix?: string[]; // "provider.field" left out of a Clustrix file: Clustrix does not know the key
}

const SECRETS_WARNING = 'This file holds secrets in plain text. Keep it private.';

interface Profile {
  name: string;
  config: Record<string, string>;
  leftOut: string[];
  notClustrix: string[];
}

function profiles(entries: ExportEntry[], includeSecrets: boolean): Profile[] {
  return entries.map(({ spec, fields }) => {
    const config: Record<string, string> = { cluster_type: spec.clustrix_type };
    const leftOut: string[] = [];
    const notClustrix: string[] = [];
    for (const field of spec.fields) {
      const value = fields[field.name];
      if (value === undefined || value === '') continue;
      // A value left at the registry's default says nothing Clustrix needs, and a key Clustrix
      // does not know would make it refuse the file: the registry marks those (clustrix_key).
      if (field.default !== undefined && value === field.default) continue;
      if (field.clustrix_key === false) notClustrix.push(field.name);
      else if (isSecretKind(field) && !includeSecrets) leftOut.push(field.name);
      else config[field.name] = value;
    }
    return { name: spec.id, config, leftOut, notClustrix };
  });
}

export function exportConfig(entries: ExportEntry[], format: ExportFormat, includeSecrets: boolean): ExportFile {
  const list = profiles(entries, includeSecrets);
  const leftOut = list.flatMap((p) => p.leftOut.map((f) => `${p.name}.${f}`));
  const notClustrix = list.flatMap((p) => p.notClustrix.map((f) => `${p.name}.${f}`));
  const holdsSecrets = includeSecrets && entries.some(({ spec, fields }) =>
    spec.fields.some((f) => isSecretKind(f) && (fields[f.name] ?? '') !== ''));
  if (format === 'env') {
    return { filename: 'credprobe.env', mime: 'text/plain', text: toEnv(entries, includeSecrets, holdsSecrets), holdsSecrets, leftOut, notClustrix: [] };
  }
  const data: unknown = list.length === 1
    ? list[0]!.config
    : { active_profile: list[0]?.name ?? '', profiles: Object.fromEntries(list.map((p) => [p.name, p.config])) };
  if (format === 'json') {
    return { filename: 'clustrix.json', mime: 'application/json', text: `${JSON.stringify(data, null, 2)}\n`, holdsSecrets, leftOut, notClustrix };
  }
  const header: string[] = ['# Clustrix configuration exported by credprobe.'];
  if (holdsSecrets) header.push(`# ${SECRETS_WARNING}`);
  for (const name of leftOut) header.push(`# ${name} left out (a secret): add it yourself or export with secrets.`);
  for (const name of notClustrix) header.push(`# ${name} left out: not a Clustrix key (Clustrix refuses a file with a key it does not know).`);
  return { filename: 'clustrix.yml', mime: 'application/yaml', text: `${header.join('\n')}\n${toYaml(data, 0)}`, holdsSecrets, leftOut, notClustrix };
}

// YAML for nested string maps. Every scalar is written as a JSON string, which YAML reads as a
// double-quoted scalar: no value can change type or break the file.
function toYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item !== null && typeof item === 'object') out += `${pad}${key}:\n${toYaml(item, indent + 2)}`;
    else out += `${pad}${key}: ${JSON.stringify(String(item))}\n`;
  }
  return out;
}

function envName(field: { name: string; env_vars: string[] }): string {
  return field.env_vars[0] ?? field.name.toUpperCase();
}

function toEnv(entries: ExportEntry[], includeSecrets: boolean, holdsSecrets: boolean): string {
  const lines = ['# Environment variables exported by credprobe.'];
  if (holdsSecrets) lines.push(`# ${SECRETS_WARNING}`);
  for (const { spec, fields } of entries) {
    lines.push(`# ${spec.display_name}`);
    for (const field of spec.fields) {
      const value = fields[field.name];
      if (value === undefined || value === '') continue;
      if (isSecretKind(field) && !includeSecrets) {
        lines.push(`# ${envName(field)} left out (a secret)`);
        continue;
      }
      // Single quotes keep JSON keys and '$' literal; a quote inside is closed and escaped.
      lines.push(`${envName(field)}='${value.replace(/'/g, `'\\''`).replace(/\r?\n/g, ' ')}'`);
    }
  }
  return `${lines.join('\n')}\n`;
}
