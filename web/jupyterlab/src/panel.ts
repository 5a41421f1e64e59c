// The "Credentials" sidebar panel. The forms, result cards and export files are the static
// page's own components (web/src/ui), mounted in a Lumino widget: one implementation, two hosts.
// What is JupyterLab's here: settings from the settings registry, the server relay for
// endpoints that refuse browsers, export into the file browser's folder, the status summary.
import { Signal, type ISignal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { Credprobe } from '../../src/credprobe/client.js';
import type { Fields, ProviderSpec, Verdict } from '../../src/credprobe/types.js';
import { el, uid } from '../../src/ui/dom.js';
import { exportConfig, type ExportEntry, type ExportFormat } from '../../src/ui/export_config.js';
import { createProviderForm, type ProviderForm } from '../../src/ui/form.js';
import { errorCard, pendingCard, resultCard } from '../../src/ui/result_card.js';
import { STATUS_LABEL, statusTone } from '../../src/ui/status_text.js';
import { writeExport, type ContentsLike } from './export_file.js';
import { DEFAULT_SETTINGS, shownProviders, type LabSettings } from './lab_settings.js';
import { relayedEndpoints, relayHeaders } from './relay.js';
import { summarize } from './summary.js';

export interface PanelHost {
  contents: ContentsLike;
  /** The file browser's current folder, relative to the server root. */
  currentDirectory(): string;
  /** Absolute relay base URL ({relay}/{host}/{path}). */
  relayBase: string;
  /** Told after an export was written (to refresh the file browser, notify). */
  exported(path: string, leftOut: string[], holdsSecrets: boolean): void;
}

interface ProviderView {
  spec: ProviderSpec;
  form: ProviderForm;
  section: HTMLDetailsElement;
  badge: HTMLElement;
  result: HTMLElement;
  button: HTMLButtonElement;
  submitted: boolean;
  validated: { verdict: Verdict; fields: Fields } | undefined;
  running: AbortController | undefined;
}

export class CredentialsPanel extends Widget {
  private credprobe: Credprobe | undefined;
  private settings: LabSettings = DEFAULT_SETTINGS;
  private readonly views = new Map<string, ProviderView>();
  private readonly providersNode = el('div', { class: 'jp-credprobe-providers' });
  private readonly notice = el('p', { class: 'jp-credprobe-notice', role: 'status' });
  private readonly exportStatus = el('p', { class: 'jp-credprobe-export-status', 'aria-live': 'polite' });
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

  /** Emits the status summary ("4 valid, 1 blocked") whenever a check ends. */
  get summaryChanged(): ISignal<this, string> {
    return this.changed;
  }

  get summary(): string {
    return summarize([...this.views.values()].filter((v) => !v.section.hidden && v.validated).map((v) => v.validated!.verdict.status));
  }

  setValidator(credprobe: Credprobe): void {
    this.credprobe = credprobe;
    for (const spec of credprobe.providers().providers) this.views.set(spec.id, this.createView(spec));
    this.validateAllButton.disabled = false;
    this.applySettings(this.settings);
    this.readyResolve?.();
  }

  /** The validator once loaded (waits for it): an import maps a file through it. */
  async validator(): Promise<Credprobe> {
    await this.ready;
    return this.credprobe!;
  }

  /** Fills provider P with fields F (an import): shows and opens it, drops a stale result. */
  fillProvider(spec: ProviderSpec, fields: Fields): void {
    const view = this.views.get(spec.id)!;
    view.form.setValues(fields);
    view.validated = undefined;
    view.badge.textContent = '';
    view.section.hidden = false;
    view.section.open = true;
    this.lint(view);
    this.refresh();
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
    for (const view of this.views.values()) view.section.hidden = true;
    for (const spec of shown) {
      const view = this.views.get(spec.id)!;
      view.section.hidden = false;
      view.form.setEndpointOverrides(settings.endpoints[spec.id] ?? {});
      this.providersNode.append(view.section); // settings order
    }
    this.refresh();
  }

  /** Validates every shown provider whose form has something filled in. */
  async validateAll(): Promise<void> {
    await this.ready;
    const filled = [...this.views.values()].filter((v) => !v.section.hidden && this.hasInput(v));
    if (filled.length === 0) {
      this.notice.textContent = 'Fill in a provider\'s fields first: nothing to validate.';
      return;
    }
    this.validateAllButton.disabled = true;
    try {
      await Promise.allSettled(filled.map((v) => this.validate(v)));
    } finally {
      this.validateAllButton.disabled = false;
    }
  }

  /** Writes the export for the validated providers into the file browser's folder. */
  async exportToCurrentFolder(): Promise<string | undefined> {
    const entries = this.exportEntries();
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

  private hasInput(view: ProviderView): boolean {
    const values = view.form.values();
    return view.spec.fields.some((f) => f.required && (values[f.name] ?? '') !== '');
  }

  private exportEntries(): ExportEntry[] {
    return [...this.views.values()]
      .filter((v) => !v.section.hidden && v.validated && (v.validated.verdict.status === 'valid' || v.validated.verdict.status === 'insufficient'))
      .map((v) => ({ spec: v.spec, fields: v.validated!.fields }));
  }

  private refresh(): void {
    this.exportButton.disabled = this.exportEntries().length === 0;
    this.changed.emit(this.summary);
  }

  private createView(spec: ProviderSpec): ProviderView {
    const view = {} as ProviderView;
    const form = createProviderForm(spec, {
      onInput: (changed) => {
        if (changed && view.validated) {
          view.validated = undefined; // the export must match what was validated
          view.badge.textContent = '';
          this.refresh();
        }
        this.lint(view);
      },
      onSubmit: () => void this.validate(view),
    });
    const button = el('button', { type: 'submit', class: 'primary' }, `Validate ${spec.display_name}`);
    form.element.append(el('div', { class: 'actions' }, button));
    const relayed = relayedEndpoints(spec);
    const badge = el('span', { class: 'badge jp-credprobe-summary-badge', 'aria-live': 'polite' });
    const result = el('div', { class: 'result', 'aria-live': 'polite' });
    const section = el('details', { class: 'provider jp-credprobe-provider', 'data-provider': spec.id },
      el('summary', {}, el('span', { class: 'jp-credprobe-provider-name' }, spec.display_name), ' ', badge),
      el('p', { class: 'provider-summary help' }, spec.summary),
      relayed.length ? el('p', { class: 'help jp-credprobe-relay-note' }, `${relayed.join(', ')} refuses browsers: sent through this Jupyter server's relay.`) : null,
      form.element,
      result);
    Object.assign(view, { spec, form, section, badge, result, button, submitted: false, validated: undefined, running: undefined });
    this.lint(view);
    return view;
  }

  private lint(view: ProviderView): void {
    if (!this.credprobe) return;
    view.form.showLint(this.credprobe.lint(view.spec.id, view.form.values()), view.submitted);
  }

  private async validate(view: ProviderView): Promise<void> {
    if (!this.credprobe) return;
    view.running?.abort();
    const controller = new AbortController();
    view.running = controller;
    view.submitted = true;
    view.section.open = true;
    this.lint(view);
    const fields = view.form.values();
    view.result.replaceChildren(pendingCard(view.spec));
    view.badge.textContent = 'Checking…';
    view.badge.className = 'badge jp-credprobe-summary-badge tone-unknown';
    view.button.disabled = true;
    try {
      const verdict = await this.credprobe.check(view.spec.id, fields, {
        endpoints: view.form.endpointOverrides(),
        relay: this.settings.useServerRelay ? this.host.relayBase : '',
        // Read at each check: the _xsrf cookie can change during a session.
        relayHeaders: this.settings.useServerRelay ? relayHeaders(document.cookie) : {},
        timeoutSeconds: this.settings.timeoutSeconds,
        signal: controller.signal,
      });
      view.validated = { verdict, fields };
      const card = resultCard(view.spec, verdict);
      const relayedHosts = [...new Set(verdict.evidence.filter((e) => e.via_relay).map((e) => e.host))];
      if (relayedHosts.length) {
        card.insertBefore(
          el('p', { class: 'jp-credprobe-via-relay', 'data-via-relay': 'true' }, `Sent through the Jupyter server relay: ${relayedHosts.join(', ')}`),
          card.querySelector('.checked-at'));
      }
      view.result.replaceChildren(card);
      view.badge.textContent = STATUS_LABEL[verdict.status];
      view.badge.className = `badge jp-credprobe-summary-badge tone-${statusTone(verdict.status)}`;
    } catch (error) {
      if (controller.signal.aborted) return;
      view.validated = undefined;
      view.result.replaceChildren(errorCard(view.spec, (error as Error).message));
      view.badge.textContent = 'Not checked';
      view.badge.className = 'badge jp-credprobe-summary-badge tone-bad';
    } finally {
      if (view.running === controller) {
        view.running = undefined;
        view.button.disabled = false;
      }
      this.refresh();
    }
  }
}
