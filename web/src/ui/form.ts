// A provider's credential form, generated from its registry entry: one labelled control per
// field (secrets masked with a reveal toggle, JSON keys pasted or loaded from a file), help
// text shown while the field has focus or on demand (its "?" button), and lint messages shown
// next to the field they concern.
import type { Fields, FieldSpec, LintReport, ProviderSpec } from '../credprobe/types.js';
import { el, setAttr, uid } from './dom.js';

export interface ProviderForm {
  element: HTMLElement;
  values(): Fields;
  /**
   * Puts each value into the control of its field's name (a secret only ever into its own
   * secret input); returns whether any value differed from what the field held.
   */
  setValues(fields: Fields): boolean;
  /** Shows lint issues; required-field errors only for fields touched or after submit. */
  showLint(report: LintReport, showAll: boolean): void;
  /** Endpoint overrides typed into the advanced section (empty values left out). */
  endpointOverrides(): Record<string, string>;
  setEndpointOverrides(endpoints: Record<string, string>): void;
}

export interface FormOptions {
  /**
   * A field was typed in, changed or left. `changed` is false when its value is what it was at the
   * last call (leaving a field fires blur and change without an edit): a result validated for
   * that value still stands.
   */
  onInput: (changed: boolean) => void;
  onSubmit: () => void;
}

interface FieldControl {
  spec: FieldSpec;
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  messages: HTMLElement;
  touched: boolean;
  /** The value last reported to onInput: leaving the field with this value is no edit. */
  reported: string;
  /** The lint messages on screen, as a key. */
  shownLint: string;
}

export function isSecretKind(field: FieldSpec): boolean {
  return field.kind === 'secret' || field.kind === 'json';
}

export function createProviderForm(spec: ProviderSpec, options: FormOptions & { id?: string }): ProviderForm {
  const controls: FieldControl[] = [];
  const form = el('form', { class: 'provider-form', novalidate: true, 'data-provider': spec.id, id: options.id });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.onSubmit();
  });

  // Fields with a group (the compute fields readiness reads) go in a fieldset of that name,
  // after the ungrouped credential fields.
  const groups = new Map<string, HTMLFieldSetElement>();
  for (const field of spec.fields) {
    const control = fieldControl(field, options.onInput);
    controls.push(control);
    const wrapper = control.input.closest('.field') ?? control.input;
    if (!field.group) {
      form.append(wrapper);
      continue;
    }
    let group = groups.get(field.group);
    if (!group) {
      group = el('fieldset', { class: 'field-group', 'data-group': field.group },
        el('legend', {}, field.group));
      groups.set(field.group, group);
    }
    group.append(wrapper);
  }
  for (const group of groups.values()) form.append(group);

  const endpointInputs = new Map<string, HTMLInputElement>();
  const advanced = el('details', { class: 'endpoints' }, el('summary', {}, 'Endpoints'));
  for (const endpoint of spec.endpoints) {
    const id = uid(`${spec.id}-endpoint-${endpoint.name}`);
    const input = el('input', {
      id,
      type: 'url',
      name: `endpoint:${endpoint.name}`,
      placeholder: endpoint.default_url,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    endpointInputs.set(endpoint.name, input);
    const note = endpoint.browser_callable
      ? 'Browsers may call it directly.'
      : 'It refuses browsers: set a relay to reach it.';
    advanced.append(
      el('div', { class: 'field' },
        el('label', { for: id }, `${endpoint.label} (${endpoint.name})`),
        input,
        el('p', { class: 'help' }, `Default ${endpoint.default_url}. ${note}`)),
    );
  }
  if (spec.endpoints.length > 0) form.append(advanced);

  return {
    element: form,
    values(): Fields {
      const fields: Fields = {};
      for (const c of controls) if (c.input.value !== '') fields[c.spec.name] = c.input.value;
      return fields;
    },
    setValues(fields: Fields): boolean {
      let changed = false;
      for (const c of controls) {
        const value = fields[c.spec.name];
        if (value === undefined || c.input.value === value) continue;
        c.input.value = value;
        c.reported = c.input.value;
        changed = true;
      }
      return changed;
    },
    showLint(report: LintReport, showAll: boolean): void {
      for (const c of controls) {
        const issues = report.issues.filter((i) => i.field === c.spec.name);
        const empty = c.input.value === '';
        const shown = issues.filter((i) => showAll || c.touched || !empty || i.severity !== 'error');
        // Rebuilt only when the messages differ: validating re-lints, and an unchanged list must
        // not re-render (its list is a live region, too).
        const key = shown.map((i) => `${i.severity}\n${i.message}`).join('\n\n');
        if (key !== c.shownLint) {
          c.shownLint = key;
          c.messages.replaceChildren(
            ...shown.map((i) => el('li', { class: `lint ${i.severity}` }, `${i.severity}: ${c.spec.label} ${i.message}`)),
          );
        }
        setAttr(c.input, 'aria-invalid', shown.some((i) => i.severity === 'error') ? 'true' : null);
      }
    },
    endpointOverrides(): Record<string, string> {
      const out: Record<string, string> = {};
      for (const [name, input] of endpointInputs) if (input.value.trim()) out[name] = input.value.trim();
      return out;
    },
    setEndpointOverrides(endpoints: Record<string, string>): void {
      for (const [name, url] of Object.entries(endpoints)) {
        const input = endpointInputs.get(name);
        if (input) input.value = url;
      }
    },
  };
}

function fieldControl(field: FieldSpec, onInput: (changed: boolean) => void): FieldControl {
  const id = uid(`field-${field.name}`);
  const helpId = `${id}-help`;
  const messagesId = `${id}-lint`;
  const describedBy = `${helpId} ${messagesId}`;
  const common = {
    id,
    name: field.name,
    'aria-describedby': describedBy,
    'aria-required': field.required ? 'true' : undefined,
    autocomplete: 'off',
    spellcheck: 'false',
    'data-kind': field.kind,
  };
  let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  const extras: HTMLElement[] = [];

  if (field.kind === 'select') {
    input = el('select', common, ...(field.choices ?? []).map((c) => el('option', { value: c }, c)));
    if (field.default) input.value = field.default;
  } else if (field.kind === 'json' || field.kind === 'file') {
    input = el('textarea', { ...common, rows: 6, class: field.kind === 'json' ? 'secret-text masked' : '' });
    extras.push(fileLoader(field, input, () => report(true)));
    if (field.kind === 'json') extras.push(revealToggle(field, input));
  } else {
    input = el('input', {
      ...common,
      type: field.kind === 'secret' ? 'password' : 'text',
      value: field.default,
    });
    if (field.kind === 'secret') extras.push(revealToggle(field, input));
  }

  const messages = el('ul', { id: messagesId, class: 'lint-messages', 'aria-live': 'polite' });
  const control: FieldControl = { spec: field, input, messages, touched: false, reported: input.value, shownLint: '' };
  // Typing is always a change; `change` and `blur` (leaving the field) are one only when the value
  // differs from the last one reported.
  const report = (typed: boolean): void => {
    const changed = typed || input.value !== control.reported;
    control.reported = input.value;
    onInput(changed);
  };
  input.addEventListener('input', () => report(true));
  input.addEventListener('change', () => report(false));
  input.addEventListener('blur', () => {
    control.touched = true;
    report(false);
  });

  const sources = [...field.env_vars, ...field.files];
  // The help text is the field's description (aria-describedby) whether shown or not; on screen
  // it shows while the field has focus (CSS :focus-within) or after its "?" button is pressed.
  const helpToggle = el('button', {
    type: 'button',
    class: 'help-toggle',
    'aria-expanded': 'false',
    'aria-controls': helpId,
    'aria-label': `Help for ${field.label}`,
  }, '?');
  const wrapper = el('div', { class: `field kind-${field.kind}` },
    el('div', { class: 'field-label' },
      el('label', { for: id }, field.label, field.required ? el('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
      helpToggle),
    el('div', { class: 'control' }, input, ...extras),
    el('p', { id: helpId, class: 'help' }, field.help,
      sources.length ? el('span', { class: 'sources' }, ` Usually found in ${sources.join(', ')}.`) : null),
    messages,
  );
  helpToggle.addEventListener('click', () => {
    const open = helpToggle.getAttribute('aria-expanded') !== 'true';
    helpToggle.setAttribute('aria-expanded', String(open));
    wrapper.classList.toggle('help-open', open);
  });
  return control;
}

// Secrets stay masked until the person asks to see them; the toggle says its state to screen
// readers through aria-pressed.
function revealToggle(field: FieldSpec, input: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  const button = el('button', {
    type: 'button',
    class: 'reveal',
    'aria-pressed': 'false',
    'aria-controls': input.id,
    'aria-label': `Show ${field.label}`,
  }, 'Show');
  button.addEventListener('click', () => {
    const reveal = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(reveal));
    button.textContent = reveal ? 'Hide' : 'Show';
    button.setAttribute('aria-label', `${reveal ? 'Hide' : 'Show'} ${field.label}`);
    if (input instanceof HTMLInputElement) input.type = reveal ? 'text' : 'password';
    else input.classList.toggle('masked', !reveal);
  });
  return button;
}

// Reads a chosen file into the field: the file stays in the page, nothing is uploaded.
function fileLoader(field: FieldSpec, target: HTMLTextAreaElement, onInput: () => void): HTMLElement {
  const id = uid(`file-${field.name}`);
  const picker = el('input', { id, type: 'file', class: 'visually-hidden', accept: field.kind === 'json' ? '.json,application/json' : undefined });
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      target.value = text.trim();
      picker.value = '';
      onInput();
    });
  });
  return el('span', { class: 'file-loader' }, picker, el('label', { for: id, class: 'button' }, `Load ${field.label} from a file`));
}
