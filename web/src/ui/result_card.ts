// One provider's verdict as a card, read at a glance: status badge and summary line, the
// identity, the hint first; then permissions and readiness; the requests that back the verdict
// (with latency and whether a relay carried them) folded. The card sits under its provider's
// heading, so it repeats no title. Verdicts never hold secrets (the core redacts them), so
// everything here is safe to show.
import type { Evidence, ProviderSpec, Ready, Requirement, RequirementState, Verdict } from '../credprobe/types.js';
import { el, setAttr, setClass, setText } from './dom.js';
import { STATUS_LABEL, statusTone } from './status_text.js';

export function pendingCard(spec: ProviderSpec): HTMLElement {
  return el('article', { class: 'result-card pending', 'data-provider': spec.id, 'aria-busy': 'true', 'aria-label': `${spec.display_name}: checking` },
    el('p', { class: 'badge tone-unknown' }, 'Checking…'));
}

/**
 * Turns the card on screen into the pending one in place: a re-check changes its badge, its
 * label and its state, and mutes what it showed until the new verdict replaces it, instead of
 * swapping the whole card out (which costs a full restyle, text shaping and layout of the card
 * twice per check: once for the pending card, once for the result).
 */
export function markPending(card: HTMLElement, spec: ProviderSpec): void {
  card.classList.add('pending');
  setAttr(card, 'aria-busy', 'true');
  setAttr(card, 'aria-label', `${spec.display_name}: checking`);
  setAttr(card, 'data-status', null);
  const badge = card.querySelector('.badge');
  if (badge) {
    setText(badge, 'Checking…');
    setClass(badge, 'badge tone-unknown');
    setAttr(badge, 'data-status', null);
  }
}

export function errorCard(spec: ProviderSpec, message: string): HTMLElement {
  return el('article', { class: 'result-card', 'data-provider': spec.id, 'data-status': 'error', 'aria-label': `${spec.display_name}: not checked` },
    el('p', { class: 'badge tone-bad' }, 'Not checked'),
    el('p', { class: 'summary' }, message));
}

/** `level`: the card's headings, one below its provider's title (h3 under the page's h2). */
export function resultCard(spec: ProviderSpec, verdict: Verdict, level: 3 | 4 = 4): HTMLElement {
  const heading = (text: string): HTMLElement => el(level === 3 ? 'h3' : 'h4', {}, text);
  const card = el('article', {
    class: 'result-card',
    'data-provider': spec.id,
    'data-status': verdict.status,
    'aria-label': `${spec.display_name}: ${STATUS_LABEL[verdict.status]}`,
  },
  el('p', { class: 'card-line' },
    el('span', { class: `badge tone-${statusTone(verdict.status)}`, 'data-status': verdict.status },
      STATUS_LABEL[verdict.status]),
    ' ',
    el('span', { class: 'summary' }, verdict.summary)));

  for (const [title, facts] of factGroups(verdict.identity)) {
    const list = el('dl', { class: 'identity' });
    for (const [key, value] of facts) list.append(el('dt', {}, key), el('dd', {}, value));
    card.append(heading(title), list);
  }
  if (verdict.hint) card.append(el('p', { class: 'hint' }, el('strong', {}, 'Next: '), verdict.hint));
  if (verdict.permissions.length > 0) {
    card.append(heading('Permissions'), el('ul', { class: 'permissions' },
      ...verdict.permissions.map((p) => el('li', {}, el('span', { class: 'scope' }, p.scope),
        p.access.length ? `: ${p.access.join(', ')}` : ''))));
  }
  if (verdict.ready !== undefined && verdict.readiness) card.append(readinessSection(verdict.ready, verdict.readiness, heading));
  if (verdict.retry_after_seconds !== undefined) {
    card.append(el('p', { class: 'retry' }, `Retry after ${verdict.retry_after_seconds} s.`));
  }
  if (verdict.evidence.length > 0) {
    const rows = verdict.evidence.map((e) => el('tr', {},
      el('td', {}, e.method),
      el('td', {}, e.host),
      el('td', {}, e.path),
      el('td', {}, e.http_status === 0 ? (e.transport_error ?? 'no answer') : String(e.http_status)),
      el('td', {}, e.provider_code ?? ''),
      el('td', { class: 'number' }, `${e.latency_ms} ms`),
      el('td', {}, e.via_relay ? 'relay' : 'direct')));
    card.append(el('details', { class: 'evidence' },
      el('summary', {}, `Evidence (${verdict.evidence.length} request${verdict.evidence.length > 1 ? 's' : ''})`),
      // A narrow sidebar scrolls the table, not the panel.
      el('div', { class: 'evidence-scroll' }, el('table', {},
        el('caption', { class: 'visually-hidden' }, `Requests sent to check ${spec.display_name}`),
        el('thead', {}, el('tr', {}, ...['Method', 'Host', 'Path', 'Answer', 'Provider code', 'Latency', 'Route']
          .map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...rows)))));
  }
  card.append(el('p', { class: 'checked-at' }, `Checked ${verdict.checked_at}`));
  return card;
}

// What the verdict proves about who holds the credential goes under "Identity"; a provider with
// no identity endpoint (Lambda) proves the key with a read and reports what that read saw, the
// instances running, which is no identity and gets its own heading.
function factGroups(identity: Record<string, string>): Array<[string, Array<[string, string]>]> {
  const groups = new Map<string, Array<[string, string]>>();
  for (const [key, value] of Object.entries(identity)) {
    const heading = key.startsWith('instance') ? 'Instances running' : 'Identity';
    groups.set(heading, [...(groups.get(heading) ?? []), [key, value]]);
  }
  return [...groups];
}

export const READY_LABEL: Record<Ready, string> = { yes: 'Ready to launch', no: 'Not ready', unknown: 'Readiness unknown' };
export const READY_TONE: Record<Ready, string> = { yes: 'good', no: 'bad', unknown: 'unknown' };
const MARK: Record<RequirementState, string> = { met: '✓', unmet: '✗', unknown: '?' };
const STATE_LABEL: Record<RequirementState, string> = { met: 'met', unmet: 'not met', unknown: 'unknown' };

function answerOf(e: Evidence): string {
  const answer = e.http_status === 0 ? (e.transport_error ?? 'no answer') : String(e.http_status);
  return `${e.method} ${e.host}${e.path} → ${answer}${e.provider_code ? ` ${e.provider_code}` : ''}${e.via_relay ? ' (relay)' : ''}`;
}

// The readiness checklist: a mark per requirement (text, not only colour), its label, what
// proves it, what to do, and the requests behind it.
function readinessSection(ready: Ready, requirements: Requirement[], heading: (text: string) => HTMLElement): HTMLElement {
  return el('section', { class: 'readiness', 'data-ready': ready, 'aria-label': 'Readiness' },
    heading('Readiness'),
    el('p', { class: `badge tone-${READY_TONE[ready]}`, 'data-ready': ready }, READY_LABEL[ready]),
    el('ul', { class: 'checklist' }, ...requirements.map((r) => el('li', {
      class: `requirement state-${r.state}`, 'data-requirement': r.id, 'data-state': r.state,
    },
    el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[r.state]),
    el('span', { class: 'visually-hidden' }, `${STATE_LABEL[r.state]}: `),
    el('span', { class: 'label' }, r.label),
    r.detail ? el('p', { class: 'detail' }, r.detail) : null,
    r.hint ? el('p', { class: 'hint' }, el('strong', {}, 'Next: '), r.hint) : null,
    r.evidence.length ? el('p', { class: 'requirement-evidence' }, r.evidence.map(answerOf).join('; ')) : null))));
}
