// One provider in a host (the static page or the JupyterLab panel): its form, lint while typing,
// validate and abort, its result card and what may be exported. The hosts own only what is
// theirs (where the relay and timeout come from, where an export goes, the summary's place).
//
// A result stands until the provider's inputs change: only a real change of a field's value
// (typing, a loaded file, setFields with a different value) drops it; leaving a field, settings
// toggles and re-typing the same value do not. Once a provider has a result its form folds to
// one line (expand to edit) and the card updates alone: nothing else on the page re-renders.
import type { Credprobe } from '../credprobe/client.js';
import type { CheckOptions, Fields, LintReport, ProviderSpec, Verdict } from '../credprobe/types.js';
import { el, morph } from './dom.js';
import type { ExportEntry } from './export_config.js';
import { createProviderForm, type ProviderForm } from './form.js';
import { errorCard, markPending, pendingCard, READY_LABEL, resultCard } from './result_card.js';
import { STATUS_LABEL } from './status_text.js';

/** A verdict whose settings may be exported: the credential worked (with or without every permission). */
export function isExportable(verdict: Verdict): boolean {
  return verdict.status === 'valid' || verdict.status === 'insufficient';
}

/**
 * What the section's live region says when a check ends: the provider, the status and the
 * verdict's summary line, then readiness when it was read. The card's first line, whole.
 */
export function announcement(spec: ProviderSpec, verdict: Verdict): string {
  const ready = verdict.ready === undefined ? '' : ` ${READY_LABEL[verdict.ready]}.`;
  // Summaries are lower-case fragments ("authenticated as …"): they follow the status word.
  return `${spec.display_name}: ${STATUS_LABEL[verdict.status]}, ${verdict.summary}.${ready}`;
}

/** The entries to export: the shown sections whose validated settings are exportable. */
export function exportEntries(sections: Iterable<ProviderSection>): ExportEntry[] {
  return [...sections].flatMap((s) => {
    const entry = s.exportEntry();
    return entry ? [entry] : [];
  });
}

export type SectionState = 'idle' | 'checking' | 'done' | 'error';

/**
 * How long a check runs before its section shows that it is checking. A check that answers
 * sooner (a near provider, the emulator) goes from the old state to its verdict in one rendered
 * frame, with no "Checking…" flashing in between: rendering the pending card and then the
 * result cost two full frames of style, layout and paint per check. 100 ms is about the limit
 * under which a response still reads as immediate; the button ignores clicks (aria-disabled), and
 * the result region is busy (aria-busy), from the click on.
 */
export const SHOW_CHECKING_AFTER_MS = 100;

export interface SectionHost {
  credprobe: Credprobe;
  /** Heading level of the provider's title (the page's are h2, the panel's h3). */
  headingLevel: 2 | 3;
  /** The host's options for a check (relay, relay headers, timeout), read at each check. */
  checkOptions(): Omit<CheckOptions, 'endpoints' | 'signal'>;
  /** The section's state, result or exportable settings changed. */
  onChange(section: ProviderSection): void;
  /** A field's value changed (the page remembers non-secret fields). */
  onFieldsChanged?(section: ProviderSection): void;
  /** A final card before it is shown (the panel names the relay that carried requests). */
  decorateCard?(card: HTMLElement, verdict: Verdict): void;
  /** A note under the provider's summary (the panel says which endpoints go through its relay). */
  note?(spec: ProviderSpec): string;
}

export class ProviderSection {
  readonly element: HTMLElement;
  readonly resultId: string;
  private readonly form: ProviderForm;
  private readonly fold: HTMLDetailsElement;
  private readonly result: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly button: HTMLButtonElement;
  private submitted = false;
  private validated: { verdict: Verdict; fields: Fields } | undefined;
  private running: AbortController | undefined;
  private current: SectionState = 'idle';
  private linted: { key: string; report: LintReport } | undefined;
  private checkingShown: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly spec: ProviderSpec, private readonly host: SectionHost) {
    const formId = `form-${spec.id}`;
    const titleId = `title-${spec.id}`;
    this.resultId = `result-${spec.id}`;
    this.form = createProviderForm(spec, {
      id: formId,
      onInput: (changed) => {
        if (changed) this.inputsChanged();
        this.lint();
      },
      onSubmit: () => this.submit(),
    });
    // The Validate button stays in view when the form is folded; `form` keeps it the form's
    // submit button, so Enter in a field clicks it (implicit submission). Its click is cancelled
    // and validates: left to run, the click's activation would go through the browser's form
    // submission path first (which walks every field with a style and layout update each: 0.7
    // to 2 ms per check in Chromium here) only for the submit handler to cancel it.
    this.button = el('button', { type: 'submit', form: formId, class: 'primary validate' }, `Validate ${spec.display_name}`);
    this.button.addEventListener('click', (event) => {
      event.preventDefault();
      this.submit();
    });
    // The card is not a live region: a repeated check is merged into it (morph), so a live card
    // would have a screen reader speak only the figures that changed ("9 ms"), and nothing at all
    // for an identical verdict. The announcer says each ending whole, once per check.
    this.result = el('div', { class: 'result', id: this.resultId, tabindex: '-1' });
    this.announcer = el('p', { class: 'visually-hidden announcer', role: 'status' });
    const note = host.note?.(spec);
    this.fold = el('details', { class: 'form-fold', open: true },
      el('summary', {}, el('span', { class: 'fold-label' }, `${spec.display_name} fields`)),
      el('p', { class: 'provider-summary help' }, spec.summary),
      note ? el('p', { class: 'help provider-note' }, note) : null,
      this.form.element);
    this.element = el('section', {
      class: 'provider', id: `provider-${spec.id}`, 'data-provider': spec.id, 'data-state': 'idle', 'aria-labelledby': titleId, hidden: true,
    },
    el('div', { class: 'provider-head' },
      el(host.headingLevel === 2 ? 'h2' : 'h3', { id: titleId }, spec.display_name),
      this.button),
    this.fold,
    this.result,
    this.announcer);
    this.lint();
  }

  get shown(): boolean {
    return !this.element.hidden;
  }

  /** Shows or hides the provider; hiding it abandons a running check. */
  setShown(shown: boolean): void {
    this.element.hidden = !shown;
    if (!shown) this.abort();
  }

  get state(): SectionState {
    return this.current;
  }

  /** The verdict on screen (for the summary), if the last check ended with one. */
  get verdict(): Verdict | undefined {
    return this.validated?.verdict;
  }

  values(): Fields {
    return this.form.values();
  }

  /** True when a required field is filled in (JupyterLab's Validate all skips empty forms). */
  hasInput(): boolean {
    const values = this.form.values();
    return this.spec.fields.some((f) => f.required && (values[f.name] ?? '') !== '');
  }

  /**
   * Fills the form (an imported Clustrix config, the demo's fields, remembered ones). Each value
   * goes only into its field's control, a secret only into its secret input. A value that differs
   * from the field's is a real change: it drops the result, as typing would.
   */
  setFields(fields: Fields): void {
    if (this.form.setValues(fields)) this.inputsChanged();
    this.lint();
  }

  setEndpointOverrides(endpoints: Record<string, string>): void {
    this.form.setEndpointOverrides(endpoints);
  }

  /** The validated settings when the verdict allows exporting them, else undefined. */
  exportEntry(): ExportEntry | undefined {
    return this.shown && this.validated && isExportable(this.validated.verdict) ? { spec: this.spec, fields: this.validated.fields } : undefined;
  }

  /** Abandons a running check: no verdict, the card goes. */
  abort(): void {
    this.running?.abort();
  }

  /** Brings the card into view and gives it focus (the summary's links). */
  revealResult(): void {
    this.result.scrollIntoView({ block: 'nearest' });
    this.result.focus({ preventScroll: true });
  }

  async validate(): Promise<void> {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.submitted = true;
    this.lint();
    const fields = this.form.values();
    this.validated = undefined;
    this.button.setAttribute('aria-disabled', 'true');
    this.startChecking();
    try {
      const verdict = await this.host.credprobe.check(this.spec.id, fields, {
        ...this.host.checkOptions(),
        endpoints: this.form.endpointOverrides(),
        signal: controller.signal,
      });
      this.validated = { verdict, fields };
      const card = resultCard(this.spec, verdict, this.host.headingLevel === 2 ? 3 : 4);
      this.host.decorateCard?.(card, verdict);
      this.setState('done', card);
      this.announce(announcement(this.spec, verdict));
    } catch (error) {
      if (controller.signal.aborted) {
        if (this.running === controller) this.setState('idle', null); // abandoned: no verdict
        return;
      }
      this.setState('error', errorCard(this.spec, (error as Error).message));
      this.announce(`${this.spec.display_name}: the check failed. ${(error as Error).message}`);
    } finally {
      if (this.running === controller) {
        this.running = undefined;
        this.button.removeAttribute('aria-disabled');
      }
    }
  }

  // The button (and Enter in a field) does nothing while its check runs: aria-disabled, not
  // disabled, which would restyle the button at once and take its focus away.
  private submit(): void {
    if (!this.running) void this.validate();
  }

  // The core's lint runs again only for values it has not seen last (validating and leaving a
  // field re-lint the same values); what shows still follows touched fields and submit.
  private lint(): void {
    const values = this.form.values();
    const key = JSON.stringify(values);
    if (this.linted?.key !== key) this.linted = { key, report: this.host.credprobe.lint(this.spec.id, values) };
    this.form.showLint(this.linted.report, this.submitted);
  }

  // A new text node each time: a live region speaks an added node even when its text is the
  // one it held (the same verdict twice), where setting equal text changes nothing.
  private announce(text: string): void {
    this.announcer.replaceChildren(document.createTextNode(text));
  }

  // The form no longer holds what was validated: the result and the export go, the form opens.
  private inputsChanged(): void {
    this.host.onFieldsChanged?.(this);
    if (this.current === 'idle') return;
    this.running?.abort();
    this.validated = undefined;
    this.setState('idle', null);
    this.fold.open = true;
  }

  // A check starts: the state, the busy region and the card's `pending` class change now (none
  // of them restyles anything); what shows it (the card's "Checking…" badge or the pending card,
  // the host's summary row) waits SHOW_CHECKING_AFTER_MS and is skipped when the verdict comes
  // first. `pending` keeps a card that no longer holds the result from being read as one.
  private startChecking(): void {
    this.current = 'checking';
    this.element.dataset['state'] = 'checking';
    this.result.setAttribute('aria-busy', 'true');
    this.result.firstElementChild?.classList.add('pending');
    clearTimeout(this.checkingShown);
    this.checkingShown = setTimeout(() => {
      this.checkingShown = undefined;
      if (this.current !== 'checking') return;
      this.element.classList.add('checking');
      const shown = this.result.firstElementChild as HTMLElement | null;
      if (shown) markPending(shown, this.spec);
      else this.result.replaceChildren(pendingCard(this.spec));
      this.host.onChange(this);
    }, SHOW_CHECKING_AFTER_MS);
  }

  // The one place the section's DOM changes when a check ends: its card, its state attribute
  // and, once there is a result, the fold. Writes only; nothing here reads layout. The card on
  // screen is updated in place (the verdict morphed into it), so a check re-renders only what
  // differs from what the card showed.
  private setState(state: Exclude<SectionState, 'checking'>, card: HTMLElement | null): void {
    clearTimeout(this.checkingShown);
    this.checkingShown = undefined;
    this.current = state;
    this.element.dataset['state'] = state;
    this.element.classList.remove('checking');
    this.result.removeAttribute('aria-busy');
    const shown = this.result.firstElementChild as HTMLElement | null;
    if (!card) {
      if (shown) this.result.replaceChildren();
      this.announcer.replaceChildren(); // no verdict stands: nothing to re-read
    } else if (shown && shown.tagName === card.tagName) {
      morph(shown, card);
    } else {
      this.result.replaceChildren(card);
    }
    if (state === 'done' || state === 'error') this.foldForm();
    this.host.onChange(this);
  }

  // Folds the form to its one-line summary; focus inside it (Enter in a field) moves to that
  // line rather than to the page's body.
  private foldForm(): void {
    if (!this.fold.open) return;
    const hadFocus = this.fold.contains(document.activeElement) && document.activeElement !== this.fold.querySelector('summary');
    this.fold.open = false;
    if (hadFocus) this.fold.querySelector('summary')?.focus();
  }
}
