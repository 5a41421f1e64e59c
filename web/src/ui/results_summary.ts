// Results at a glance: one row per selected provider (its status and, when readiness was read,
// ready or not), each linking to its card, and the one-line count ("4 valid, 1 blocked; 1 ready")
// that the page's title and JupyterLab's status bar carry. A section's result updates its own row
// and the count only.
import { STATUSES, type Ready, type Status } from '../credprobe/types.js';
import { el, setClass, setData, setText } from './dom.js';
import type { ProviderSection } from './provider_section.js';
import { READY_LABEL, READY_TONE } from './result_card.js';
import { STATUS_LABEL, statusTone } from './status_text.js';

export function statusWord(status: Status): string {
  return status.replace(/_/g, ' ');
}

const READY_WORD: Record<Ready, string> = { yes: 'ready', no: 'not ready', unknown: 'readiness unknown' };

/** "4 valid, 1 blocked", then "; 1 ready, 1 not ready" when readiness was read; '' with no result. */
export function summarize(statuses: Iterable<Status>, readiness: Iterable<Ready> = []): string {
  const counts = new Map<Status, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const ready = new Map<Ready, number>();
  for (const r of readiness) ready.set(r, (ready.get(r) ?? 0) + 1);
  const line = STATUSES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${statusWord(s)}`).join(', ');
  const readyLine = (['yes', 'no', 'unknown'] as const).filter((r) => ready.has(r)).map((r) => `${ready.get(r)} ${READY_WORD[r]}`).join(', ');
  return readyLine ? `${line}; ${readyLine}` : line;
}

/** The count over the given (shown) sections' results. */
export function countLine(sections: Iterable<ProviderSection>): string {
  const verdicts = [...sections].flatMap((s) => (s.verdict ? [s.verdict] : []));
  return summarize(verdicts.map((v) => v.status), verdicts.flatMap((v) => (v.ready ? [v.ready] : [])));
}

interface Row {
  item: HTMLLIElement;
  badge: HTMLElement;
  ready: HTMLElement;
}

export interface ResultsSummary {
  element: HTMLElement;
  /** Shows one row per section, in this order (on a change of the selection). */
  show(sections: ProviderSection[]): void;
  /** Updates the section's row and the count; returns the count. */
  update(section: ProviderSection): string;
  count(): string;
}

export function createResultsSummary(options: { headingLevel: 2 | 3 }): ResultsSummary {
  const rows = new Map<string, Row>();
  let shown: ProviderSection[] = [];
  const titleId = 'results-summary-title';
  const count = el('p', { class: 'results-count' });
  const list = el('ul', { class: 'results-list' });
  const element = el('section', { class: 'results-summary', 'aria-labelledby': titleId, hidden: true },
    el(options.headingLevel === 2 ? 'h2' : 'h3', { id: titleId }, 'Results'), count, list);

  const row = (section: ProviderSection): Row => {
    let r = rows.get(section.spec.id);
    if (r) return r;
    const link = el('a', { href: `#${section.resultId}` }, section.spec.display_name);
    // In JupyterLab the URL's fragment belongs to the application: move to the card ourselves.
    link.addEventListener('click', (event) => {
      event.preventDefault();
      section.revealResult();
    });
    r = {
      item: el('li', { 'data-provider': section.spec.id }),
      badge: el('span', { class: 'badge' }),
      ready: el('span', { class: 'badge ready', hidden: true }),
    };
    r.item.append(link, ' ', r.badge, ' ', r.ready);
    rows.set(section.spec.id, r);
    return r;
  };

  // Writes only what changed: a check paints its row twice (checking, then the verdict) and an
  // unchanged badge must not cost the summary a style recalculation or a layout.
  const paint = (section: ProviderSection): void => {
    const r = row(section);
    const verdict = section.verdict;
    const state = section.state;
    const label = verdict ? STATUS_LABEL[verdict.status] : state === 'checking' ? 'Checking…' : state === 'error' ? 'Not checked (error)' : 'Not checked';
    const tone = verdict ? statusTone(verdict.status) : state === 'error' ? 'bad' : 'unknown';
    setData(r.item, 'status', verdict?.status ?? state);
    setText(r.badge, label);
    setClass(r.badge, `badge tone-${tone}`);
    if (r.ready.hidden !== (verdict?.ready === undefined)) r.ready.hidden = verdict?.ready === undefined;
    setData(r.item, 'ready', verdict?.ready);
    if (verdict?.ready !== undefined) {
      setText(r.ready, READY_LABEL[verdict.ready]);
      setClass(r.ready, `badge ready tone-${READY_TONE[verdict.ready]}`);
    }
  };

  const summary: ResultsSummary = {
    element,
    show(sections) {
      shown = sections;
      for (const s of sections) paint(s);
      list.replaceChildren(...sections.map((s) => row(s).item));
      element.hidden = sections.length === 0;
      setText(count, summary.count() || 'Nothing checked yet.');
    },
    update(section) {
      if (shown.includes(section)) paint(section);
      const line = summary.count();
      setText(count, line || 'Nothing checked yet.');
      return line;
    },
    count: () => countLine(shown),
  };
  return summary;
}
