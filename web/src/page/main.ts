// The static page: pick providers, fill forms generated from the registry, lint as you type,
// validate one or all at once, read the summary and the result cards, export what validated.
// Each provider is a ProviderSection (web/src/ui, shared with the JupyterLab panel); the page
// owns its settings, the provider picker, remembering fields, the title's count and the export.
import { loadCredprobe, type Credprobe, type Fields } from '../credprobe/index.js';
import { startCheckWorker } from '../credprobe/worker_checks.js';
import { el } from '../ui/dom.js';
import { createExportPanel } from '../ui/export_panel.js';
import { createImportControl } from '../ui/import_config.js';
import { exportEntries, ProviderSection } from '../ui/provider_section.js';
import { createResultsSummary } from '../ui/results_summary.js';
import { forget, loadRemembered, remember } from '../ui/storage.js';
import { demoRequested, loadDemoConfig, type DemoConfig } from './demo.js';
import { createSettings } from './settings.js';

async function main(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  let credprobe: Credprobe;
  try {
    credprobe = await loadCredprobe();
  } catch {
    app.textContent = 'The validator could not start: this browser could not load its WebAssembly module.';
    return;
  }
  // Checks run in a worker once it has started its own module, so the main thread only draws
  // their results; until then, or where it cannot start, they run here with the same verdicts.
  // body[data-checks] says where they run ("worker" or "page"), once that is known.
  const showWhereChecksRun = (inWorker: boolean): void => {
    document.body.dataset['checks'] = inWorker ? 'worker' : 'page';
  };
  const worker = startCheckWorker(new URL('./check-worker.js', import.meta.url), showWhereChecksRun);
  if (!worker) showWhereChecksRun(false);
  credprobe.runChecksIn(worker);
  const registry = credprobe.providers();
  let demo: DemoConfig | undefined;
  if (demoRequested(window.location)) {
    try {
      demo = await loadDemoConfig(registry);
    } catch (error) {
      app.textContent = `Demo mode could not start: ${(error as Error).message}`;
      return;
    }
    const banner = document.getElementById('demo-banner');
    if (banner) {
      banner.hidden = false;
      banner.textContent = `${demo.label} Emulator: ${demo.emulator}`;
    }
    document.body.classList.add('demo');
    document.title = `DEMO · ${document.title}`;
  }

  const remembered = demo ? { selected: [], fields: {} } : loadRemembered();
  const sections = new Map<string, ProviderSection>();
  const exportPanel = createExportPanel();
  const summary = createResultsSummary({ headingLevel: 2 });
  const baseTitle = document.title;
  const settings = createSettings({
    storageAllowed: !demo,
    onRememberChange: (on) => (on ? saveRemembered() : forget()),
    onForget: () => forget(),
  });
  settings.setRemember(!demo && remembered.selected.length > 0);
  if (demo?.relay) settings.setRelay(demo.relay);

  const selected = (): ProviderSection[] => [...sections.values()].filter((s) => s.shown);

  const saveRemembered = (): void => {
    if (demo || !settings.rememberEnabled()) return;
    const values: Record<string, Fields> = {};
    for (const s of sections.values()) values[s.spec.id] = s.values();
    remember(registry.providers, selected().map((s) => s.spec.id), values);
  };

  // Setting the title costs even when it is the same (the browser is told of it): only on a change.
  const showCount = (count: string): void => {
    const title = count ? `${count} · ${baseTitle}` : baseTitle;
    if (document.title !== title) document.title = title;
  };
  const refreshExport = (): void => exportPanel.update(exportEntries(selected()));
  const selectionChanged = (): void => {
    summary.show(selected());
    showCount(summary.count());
    refreshExport();
    saveRemembered();
  };

  const host = {
    credprobe: credprobe as Credprobe,
    headingLevel: 2 as const,
    checkOptions: () => ({ relay: settings.relay(), timeoutSeconds: settings.timeoutSeconds() }),
    onChange: (section: ProviderSection) => {
      showCount(summary.update(section));
      refreshExport();
    },
    // Not while the sections are built from what was remembered: that would store half a list.
    onFieldsChanged: () => building || saveRemembered(),
  };
  let building = true;

  // Provider picker.
  const picker = el('fieldset', { class: 'picker' }, el('legend', {}, 'Providers to check'));
  const forms = el('div', { class: 'providers' });
  for (const spec of registry.providers) {
    const boxId = `pick-${spec.id}`;
    const box = el('input', { type: 'checkbox', id: boxId, name: 'provider', value: spec.id });
    picker.append(el('span', { class: 'checkbox' }, box, el('label', { for: boxId }, spec.display_name)));

    const section = new ProviderSection(spec, host);
    sections.set(spec.id, section);
    forms.append(section.element);

    const preset = demo?.providers[spec.id];
    if (preset) {
      section.setFields(preset.fields);
      section.setEndpointOverrides(preset.endpoints);
    } else if (remembered.fields[spec.id]) {
      section.setFields(remembered.fields[spec.id]!);
    }
    // A demo shows the providers it has demo credentials for; otherwise what was remembered.
    const show = demo
      ? Object.keys(preset?.fields ?? {}).length > 0
      : remembered.selected.length ? remembered.selected.includes(spec.id) : registry.providers.length === 1;
    box.checked = show;
    section.setShown(show);
    box.addEventListener('change', () => {
      section.setShown(box.checked);
      selectionChanged();
    });
  }

  // Import: fill provider P with fields F (shows it, drops a result that no longer matches).
  const importControl = createImportControl(credprobe, (spec, fields) => {
    sections.get(spec.id)!.setFields(fields);
    const box = document.getElementById(`pick-${spec.id}`) as HTMLInputElement;
    if (!box.checked) box.click();
    refreshExport();
  }, document.body);

  const validateAll = el('button', { type: 'button', class: 'primary validate-all' }, 'Validate all selected');
  validateAll.addEventListener('click', () => {
    validateAll.disabled = true;
    void Promise.allSettled(selected().map((s) => s.validate())).finally(() => {
      validateAll.disabled = false;
    });
  });

  building = false;
  app.replaceChildren(picker, settings.element, el('div', { class: 'actions top' }, validateAll), summary.element, importControl.element, forms, exportPanel.element);
  summary.show(selected());
  refreshExport();
  app.removeAttribute('aria-busy');
  document.body.dataset['ready'] = 'true';
  performance.mark('credprobe-ready'); // read by bench/web-bench.mjs
}

void main();
