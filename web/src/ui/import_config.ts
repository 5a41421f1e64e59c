// Reading a Clustrix configuration into the forms: the file is read in the page (it never leaves
// it), parsed here (YAML and JSON both with the npm `yaml` package, loaded only when a file is
// opened, so it adds nothing to the page's first load), and mapped by the core
// (Credprobe.importClustrix): hosts only parse. Secrets go into the forms' inputs only: what this
// control shows names profiles, providers and keys, never a value.
import type { Credprobe } from '../credprobe/client.js';
import type { ClustrixImport, Fields, LintIssue, ProviderSpec } from '../credprobe/types.js';
import { el, uid } from './dom.js';

export type ParsedConfig = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses a configuration's text with Clustrix's YAML 1.1 rules (PyYAML's: plain yes/no are
 * booleans); JSON is YAML too. A malformed file gives the parser's line and column, and its
 * message without the excerpt of the file (the excerpt may hold a secret).
 */
export async function parseConfigText(text: string): Promise<ParsedConfig> {
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: false, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const at = lines.linePos(error.pos[0]);
    return { ok: false, error: `line ${at.line}, column ${at.col}: ${error.message.split('\n')[0]}` };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
}

/** What the page or the panel does with one checked profile: fill provider P with fields F. */
export type FillProvider = (spec: ProviderSpec, fields: Fields) => void;

export interface ImportSummary {
  filled: string[]; // provider ids, in the order they were filled
  lines: string[]; // what happened to each profile and every finding, in words, without values
}

function profileLabel(name: string): string {
  return name === '' ? 'the configuration' : `profile ${name}`;
}

function findingLine(where: string, f: LintIssue): string {
  return `${where}: ${f.severity}: ${f.field} ${f.message}`;
}

/**
 * Fills one form per provider from an imported configuration: the active profile first, then the
 * file's order; a second profile of a provider already filled is reported, not merged. Every
 * field of a filled provider is set (what the profile leaves out goes back to its default), so
 * no value from before the import stays mixed in.
 */
export function applyImport(imported: ClustrixImport, providers: ProviderSpec[], fill: FillProvider): ImportSummary {
  const summary: ImportSummary = { filled: [], lines: [] };
  for (const f of imported.findings) summary.lines.push(findingLine('file', f));
  const ordered = [...imported.profiles].sort((a, b) =>
    Number(b.name === imported.active_profile) - Number(a.name === imported.active_profile));
  const filledBy = new Map<string, string>();
  for (const profile of ordered) {
    const label = profileLabel(profile.name);
    const spec = providers.find((p) => p.id === profile.provider);
    if (!spec) {
      summary.lines.push(`${label} (${profile.cluster_type}): not checked: ${profile.not_checked ?? ''}`);
    } else if (filledBy.has(spec.id)) {
      summary.lines.push(`${label}: not filled in, ${spec.display_name} was filled from ${filledBy.get(spec.id)}`);
    } else {
      const fields: Fields = {};
      for (const field of spec.fields) fields[field.name] = profile.fields[field.name] ?? field.default ?? '';
      fill(spec, fields);
      filledBy.set(spec.id, label);
      summary.filled.push(spec.id);
      const names = Object.keys(profile.fields);
      summary.lines.push(`${label}: ${spec.display_name} filled in (${names.length ? names.join(', ') : 'no fields'})`);
    }
    if (profile.unchecked_keys.length) summary.lines.push(`${label}: not checked: ${profile.unchecked_keys.join(', ')}`);
    for (const f of profile.findings) summary.lines.push(findingLine(label, f));
  }
  return summary;
}

/** What importing one file did, in lines a person reads: a headline, then one line per profile
 * or finding; or, when `ok` is false, why nothing was read. */
export interface ImportReport {
  ok: boolean;
  lines: string[];
}

/** The report for a file that could not be read, parsed or imported: nothing was filled in. */
export function notRead(name: string, why: string): ImportReport {
  return { ok: false, lines: [`${name} was not read: ${why}. Nothing was filled in or sent.`] };
}

/**
 * Parses `text` (the file `name`), imports it through the core and fills the providers it
 * checks. The one flow the page's control and the JupyterLab file browser share; a parse error
 * carries its line and column, and then nothing is filled in.
 */
export async function importConfig(name: string, text: string, credprobe: Credprobe, fill: FillProvider): Promise<ImportReport> {
  const parsed = await parseConfigText(text);
  const imported = parsed.ok ? credprobe.importClustrix(parsed.value) : undefined;
  const error = parsed.ok ? imported?.error : parsed.error;
  if (error !== undefined || !imported) return notRead(name, error ?? 'no configuration');
  const summary = applyImport(imported, credprobe.providers().providers, fill);
  return {
    ok: true,
    lines: [`${name}: ${summary.filled.length} provider(s) filled in; nothing was sent. Validate when ready.`, ...summary.lines],
  };
}

/** Shows a report in `status`: its headline, then its other lines as a list. */
export function showImportReport(status: HTMLElement, report: ImportReport): void {
  const [headline = '', ...rest] = report.lines;
  status.replaceChildren(
    el('p', report.ok ? {} : { class: 'lint error' }, headline),
    ...(rest.length ? [el('ul', {}, ...rest.map((line) => el('li', {}, line)))] : []));
}

export interface ImportControl {
  element: HTMLElement;
}

/**
 * "Open a Clustrix config…": a file picker, and the whole of `dropTarget` accepts a dropped
 * file. Nothing is sent anywhere: validating stays the person's next step.
 */
export function createImportControl(credprobe: Credprobe, fill: FillProvider, dropTarget: HTMLElement): ImportControl {
  const inputId = uid('import-config');
  // Hidden behind the button (which opens it), out of the tab order, but named for assistive
  // technology all the same: axe's `label` rule holds for every input.
  const input = el('input', {
    id: inputId, type: 'file', accept: '.yml,.yaml,.json,application/json,application/yaml', class: 'visually-hidden',
    'aria-label': 'Clustrix config file', tabindex: '-1',
  });
  const button = el('button', { type: 'button' }, 'Open a Clustrix config…');
  const status = el('div', { class: 'import-status', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', () => input.click());

  const open = async (file: File): Promise<void> => {
    status.replaceChildren(`Reading ${file.name}…`);
    showImportReport(status, await importConfig(file.name, await file.text(), credprobe, fill));
  };
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void open(file);
  });
  dropTarget.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  dropTarget.addEventListener('drop', (event) => {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void open(file);
  });
  const element = el('section', { class: 'import', 'aria-labelledby': `${inputId}-title` },
    el('h2', { id: `${inputId}-title` }, 'Import'),
    el('p', { class: 'help' }, 'Fill the forms from a Clustrix configuration (YAML or JSON; drop it anywhere on the page). The file is read here and never leaves the page.'),
    el('div', { class: 'row' }, input, button),
    status);
  return { element };
}
