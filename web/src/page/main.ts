// The static page: pick providers, fill forms generated from the registry, lint as you type,
// validate one or all at once, read the result cards, export what validated.
import { loadCredprobe, type Credprobe, type Fields, type ProviderSpec, type Verdict } from '../credprobe/index.js';
import { el } from '../ui/dom.js';
import { createExportPanel } from '../ui/export_panel.js';
import { createProviderForm, type ProviderForm } from '../ui/form.js';
import { createImportControl } from '../ui/import_config.js';
import { errorCard, pendingCard, resultCard } from '../ui/result_card.js';
import { forget, loadRemembered, remember } from '../ui/storage.js';
import { demoRequested, loadDemoConfig, type DemoConfig } from './demo.js';
import { createSettings } from './settings.js';

interface ProviderView {
  spec: ProviderSpec;
  form: ProviderForm;
  section: HTMLElement;
  result: HTMLElement;
  button: HTMLButtonElement;
  submitted: boolean;
  validated: { verdict: Verdict; fields: Fields } | undefined;
  running: AbortController | undefined;
}

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
  const views = new Map<string, ProviderView>();
  const exportPanel = createExportPanel();
  const settings = createSettings({
    storageAllowed: !demo,
    onRememberChange: (on) => (on ? saveRemembered() : forget()),
    onForget: () => forget(),
  });
  settings.setRemember(!demo && remembered.selected.length > 0);
  if (demo?.relay) settings.setRelay(demo.relay);

  const selected = (): ProviderView[] =>
    [...views.values()].filter((v) => !v.section.hidden);

  const saveRemembered = (): void => {
    if (demo || !settings.rememberEnabled()) return;
    const values: Record<string, Fields> = {};
    for (const v of views.values()) values[v.spec.id] = v.form.values();
    remember(registry.providers, selected().map((v) => v.spec.id), values);
  };

  const refreshExport = (): void => {
    exportPanel.update(selected()
      .filter((v) => v.validated && (v.validated.verdict.status === 'valid' || v.validated.verdict.status === 'insufficient'))
      .map((v) => ({ spec: v.spec, fields: v.validated!.fields })));
  };

  const lint = (view: ProviderView): void => {
    view.form.showLint(credprobe.lint(view.spec.id, view.form.values()), view.submitted);
  };

  const validate = async (view: ProviderView): Promise<void> => {
    view.running?.abort();
    const controller = new AbortController();
    view.running = controller;
    view.submitted = true;
    lint(view);
    const fields = view.form.values();
    view.result.replaceChildren(pendingCard(view.spec));
    view.button.disabled = true;
    try {
      const verdict = await credprobe.check(view.spec.id, fields, {
        endpoints: view.form.endpointOverrides(),
        relay: settings.relay(),
        timeoutSeconds: settings.timeoutSeconds(),
        signal: controller.signal,
      });
      view.validated = { verdict, fields };
      view.result.replaceChildren(resultCard(view.spec, verdict));
    } catch (error) {
      if (controller.signal.aborted) {
        if (view.running === controller) view.result.replaceChildren(); // abandoned, no verdict
        return;
      }
      view.validated = undefined;
      view.result.replaceChildren(errorCard(view.spec, (error as Error).message));
    } finally {
      if (view.running === controller) {
        view.running = undefined;
        view.button.disabled = false;
      }
      refreshExport();
    }
  };

  // Provider picker.
  const picker = el('fieldset', { class: 'picker' }, el('legend', {}, 'Providers to check'));
  const forms = el('div', { class: 'providers' });
  for (const spec of registry.providers) {
    const boxId = `pick-${spec.id}`;
    const box = el('input', { type: 'checkbox', id: boxId, name: 'provider', value: spec.id });
    picker.append(el('span', { class: 'checkbox' }, box, el('label', { for: boxId }, spec.display_name)));

    const view = {} as ProviderView;
    const form = createProviderForm(spec, {
      onInput: (changed) => {
        if (changed && view.validated) {
          view.validated = undefined; // the export must match what was validated
          refreshExport();
        }
        lint(view);
        saveRemembered();
      },
      onSubmit: () => void validate(view),
    });
    const button = el('button', { type: 'submit', class: 'primary' }, `Validate ${spec.display_name}`);
    form.element.append(el('div', { class: 'actions' }, button));
    const result = el('div', { class: 'result', 'aria-live': 'polite' });
    const titleId = `title-${spec.id}`;
    const section = el('section', { class: 'provider', id: `provider-${spec.id}`, 'aria-labelledby': titleId, hidden: true },
      el('h2', { id: titleId }, spec.display_name),
      el('p', { class: 'provider-summary' }, spec.summary),
      form.element, result);
    Object.assign(view, { spec, form, section, result, button, submitted: false, validated: undefined, running: undefined });
    views.set(spec.id, view);
    forms.append(section);

    const preset = demo?.providers[spec.id];
    if (preset) {
      form.setValues(preset.fields);
      form.setEndpointOverrides(preset.endpoints);
    } else if (remembered.fields[spec.id]) {
      form.setValues(remembered.fields[spec.id]!);
    }
    // A demo shows the providers it has demo credentials for; otherwise what was remembered.
    const show = demo
      ? Object.keys(preset?.fields ?? {}).length > 0
      : remembered.selected.length ? remembered.selected.includes(spec.id) : registry.providers.length === 1;
    box.checked = show;
    section.hidden = !show;
    box.addEventListener('change', () => {
      section.hidden = !box.checked;
      if (!box.checked) view.running?.abort();
      refreshExport();
      saveRemembered();
    });
    lint(view);
  }

  // Import: fill provider P with fields F (shows it, drops a result that no longer matches).
  const importControl = createImportControl(credprobe, (spec, fields) => {
    const view = views.get(spec.id)!;
    view.form.setValues(fields);
    view.validated = undefined;
    const box = document.getElementById(`pick-${spec.id}`) as HTMLInputElement;
    if (!box.checked) box.click();
    lint(view);
    refreshExport();
  }, document.body);

  const validateAll = el('button', { type: 'button', class: 'primary validate-all' }, 'Validate all selected');
  validateAll.addEventListener('click', () => {
    validateAll.disabled = true;
    void Promise.allSettled(selected().map((v) => validate(v))).finally(() => {
      validateAll.disabled = false;
    });
  });

  app.replaceChildren(picker, importControl.element, settings.element, el('div', { class: 'actions top' }, validateAll), forms, exportPanel.element);
  app.removeAttribute('aria-busy');
  document.body.dataset['ready'] = 'true';
  performance.mark('credprobe-ready'); // read by bench/web-bench.mjs
}

void main();
