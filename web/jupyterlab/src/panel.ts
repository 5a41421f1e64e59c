// The "Credentials" sidebar panel. Each provider is the static page's own ProviderSection
// (the credprobe-web package's web/src/ui): form, lint, validate, abort, result card and export
// state, one implementation for two hosts. What is JupyterLab's here: settings from the settings
// registry, the server relay for endpoints that refuse browsers, export into the file browser's
// folder, and the summary for the status bar.
import { Signal, type ISignal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { Credprobe } from 'credprobe-web/credprobe/client';
import type { Fields, ProviderSpec, Verdict } from 'credprobe-web/credprobe/types';
import { el, uid } from 'credprobe-web/ui/dom';
import { exportConfig, type ExportFormat } from 'credprobe-web/ui/export_config';
import { exportEntries, ProviderSection, type SectionHost } from 'credprobe-web/ui/provider_section';
import { showImportReport, type ImportReport } from 'credprobe-web/ui/import_config';
import { createResultsSummary, type ResultsSummary } from 'credprobe-web/ui/results_summary';
import { writeExport, type ContentsLike } from './export_file.js';
import { DEFAULT_SETTINGS, shownProviders, type LabSettings } from './lab_settings.js';
import { relayedEndpoints, relayHeaders } from './relay.js';

export interface PanelHost {
  contents: ContentsLike;
  /** The file browser's current folder, relative to the server root. */
  currentDirectory(): string;
  /** Absolute relay base URL ({relay}/{host}/{path}). */
  relayBase: string;
  /** Told after an export was written (to refresh the file browser, notify). */
  exported(path: string, leftOut: string[], holdsSecrets: boolean): void;
}

export class CredentialsPanel extends Widget {
  private credprobe: Credprobe | undefined;
  private settings: LabSettings = DEFAULT_SETTINGS;
  private readonly sections = new Map<string, ProviderSection>();
  private readonly results: ResultsSummary = createResultsSummary({ headingLevel: 3 });
  private readonly providersNode = el('div', { class: 'jp-credprobe-providers' });
  private readonly notice = el('p', { class: 'jp-credprobe-notice', role: 'status' });
  private readonly exportStatus = el('p', { class: 'jp-credprobe-export-status', 'aria-live': 'polite' });
  // What the last file-browser import filled in, profile by profile.
  private readonly importStatus = el('div', { class: 'jp-credprobe-import-status', role: 'status', 'aria-live': 'polite' });
  private readonly format: HTMLSelectElement;
  private readonly includeSecrets: HTMLInputElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly validateAllButton: HTMLButtonElement;
  private readonly changed = new Signal<this, string>(this);
  private readyResolve: (() => void) | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly host: PanelHost) {
    super();
    this.id = 'credprobe-credentials';
    this.addClass('jp-credprobe-panel');
    this.title.caption = 'Credentials';
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));

    this.validateAllButton = el('button', { type: 'button', class: 'primary jp-credprobe-validate-all', disabled: true }, 'Validate all');
    this.validateAllButton.addEventListener('click', () => void this.validateAll());

    const formatId = uid('credprobe-export-format');
    const secretsId = uid('credprobe-export-secrets');
    this.format = el('select', { id: formatId, name: 'export-format' },
      el('option', { value: 'yaml' }, 'Clustrix YAML'),
      el('option', { value: 'env' }, '.env file'),
      el('option', { value: 'json' }, 'JSON'));
    this.includeSecrets = el('input', { id: secretsId, type: 'checkbox', name: 'include-secrets' });
    const warning = el('p', { class: 'warning', hidden: true, role: 'note' }, 'The file will hold your secrets in plain text.');
    this.includeSecrets.addEventListener('change', () => (warning.hidden = !this.includeSecrets.checked));
    this.exportButton = el('button', { type: 'button', class: 'jp-credprobe-export-button', disabled: true }, 'Export to the current folder');
    this.exportButton.addEventListener('click', () => void this.exportToCurrentFolder());

    this.node.append(
      el('header', { class: 'jp-credprobe-header' },
        el('h2', {}, 'Credentials'),
        el('p', { class: 'help' }, 'Check cloud and ML credentials before you launch anything. They go only to the provider (or through this server\'s relay to the provider) and are never stored.')),
      el('div', { class: 'actions top' }, this.validateAllButton),
      this.notice,
      this.results.element,
      this.importStatus,
      this.providersNode,
      el('section', { class: 'export jp-credprobe-export', 'aria-labelledby': `${formatId}-title` },
        el('h3', { id: `${formatId}-title` }, 'Export'),
        el('div', { class: 'row' }, el('label', { for: formatId }, 'Format'), this.format),
        el('div', { class: 'row checkbox' }, this.includeSecrets, el('label', { for: secretsId }, 'Include secrets')),
        warning,
        el('div', { class: 'row' }, this.exportButton),
        this.exportStatus),
    );
    this.notice.textContent = 'Loading the validator…';
  }

  /** Emits the status summary ("4 valid, 1 blocked"), the results summary's count, on every change. */
  get summaryChanged(): ISignal<this, string> {
    return this.changed;
  }

  get summary(): string {
    return this.results.count();
  }

  /** The provider's section, once the validator is loaded (a file-browser import calls setFields on it). */
  section(provider: string): ProviderSection | undefined {
    return this.sections.get(provider);
  }

  setValidator(credprobe: Credprobe): void {
    this.credprobe = credprobe;
    const host: SectionHost = {
      credprobe,
      headingLevel: 3,
      // Read at each check: the settings can change, and the _xsrf cookie during a session.
      checkOptions: () => ({
        relay: this.settings.useServerRelay ? this.host.relayBase : '',
        relayHeaders: this.settings.useServerRelay ? relayHeaders(document.cookie) : {},
        timeoutSeconds: this.settings.timeoutSeconds,
      }),
      onChange: (section) => this.sectionChanged(section),
      decorateCard: (card, verdict) => this.relayNote(card, verdict),
      note: (spec) => {
        const relayed = relayedEndpoints(spec);
        return relayed.length ? `${relayed.join(', ')} refuses browsers: sent through this Jupyter server's relay.` : '';
      },
    };
    for (const spec of credprobe.providers().providers) this.sections.set(spec.id, new ProviderSection(spec, host));
    this.validateAllButton.disabled = false;
    this.applySettings(this.settings);
    this.readyResolve?.();
  }

  /** The validator once loaded (waits for it): an import maps a file through it. */
  async validator(): Promise<Credprobe> {
    await this.ready;
    return this.credprobe!;
  }

  /** Fills provider P with fields F (an import): shows it; setFields drops a stale result. */
  fillProvider(spec: ProviderSpec, fields: Fields): void {
    const section = this.sections.get(spec.id)!;
    section.setFields(fields);
    section.setShown(true);
    this.refresh();
  }

  /** Shows what an import did: the headline, then one item per profile or finding. */
  showImport(report: ImportReport): void {
    showImportReport(this.importStatus, report);
  }

  setFailed(message: string): void {
    this.notice.textContent = message;
  }

  applySettings(settings: LabSettings): void {
    this.settings = settings;
    if (!this.credprobe) return;
    const { shown, unknown } = shownProviders(this.credprobe.providers().providers, settings.providers);
    const relayNote = settings.useServerRelay ? '' : ' The server relay is off: endpoints that refuse browsers cannot be reached.';
    this.notice.textContent = (unknown.length ? `Unknown providers in the settings: ${unknown.join(', ')}.` : '') + relayNote;
    const order = shown.map((spec) => this.sections.get(spec.id)!);
    for (const section of this.sections.values()) if (!order.includes(section)) section.setShown(false);
    for (const section of order) {
      section.setShown(true);
      section.setEndpointOverrides(settings.endpoints[section.spec.id] ?? {});
      this.providersNode.append(section.element); // settings order
    }
    this.results.show(order);
    this.refresh();
  }

  /** Validates every shown provider whose form has something filled in. */
  async validateAll(): Promise<void> {
    await this.ready;
    const filled = this.shownSections().filter((s) => s.hasInput());
    if (filled.length === 0) {
      this.notice.textContent = 'Fill in a provider\'s fields first: nothing to validate.';
      return;
    }
    this.validateAllButton.disabled = true;
    try {
      await Promise.allSettled(filled.map((s) => s.validate()));
    } finally {
      this.validateAllButton.disabled = false;
    }
  }

  /** Writes the export for the validated providers into the file browser's folder. */
  async exportToCurrentFolder(): Promise<string | undefined> {
    const entries = exportEntries(this.shownSections());
    if (entries.length === 0) {
      this.exportStatus.textContent = 'Validate a provider first: only settings that validated are exported.';
      return undefined;
    }
    const file = exportConfig(entries, this.format.value as ExportFormat, this.includeSecrets.checked);
    try {
      const path = await writeExport(this.host.contents, this.host.currentDirectory(), file);
      const left = file.leftOut.length ? ` Secrets left out: ${file.leftOut.join(', ')}.` : '';
      this.exportStatus.textContent = `Wrote ${path}.${left}${file.holdsSecrets ? ' It holds secrets: keep it private.' : ''}`;
      this.host.exported(path, file.leftOut, file.holdsSecrets);
      return path;
    } catch (error) {
      this.exportStatus.textContent = `Export failed: ${(error as Error).message}`;
      return undefined;
    }
  }

  private shownSections(): ProviderSection[] {
    return [...this.sections.values()].filter((s) => s.shown);
  }

  private sectionChanged(section: ProviderSection): void {
    this.results.update(section);
    this.refresh();
  }

  private refresh(): void {
    this.exportButton.disabled = exportEntries(this.shownSections()).length === 0;
    this.changed.emit(this.summary);
  }

  // Names the hosts the server relay carried, above the card's time of check.
  private relayNote(card: HTMLElement, verdict: Verdict): void {
    const relayedHosts = [...new Set(verdict.evidence.filter((e) => e.via_relay).map((e) => e.host))];
    if (!relayedHosts.length) return;
    card.insertBefore(
      el('p', { class: 'jp-credprobe-via-relay', 'data-via-relay': 'true' }, `Sent through the Jupyter server relay: ${relayedHosts.join(', ')}`),
      card.querySelector('.checked-at'));
  }
}

