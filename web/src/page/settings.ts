// Page-wide settings: the relay URL, the per-request timeout, and whether non-secret fields are
// remembered in this browser (with a button to forget them).
import { el, uid } from '../ui/dom.js';

export interface Settings {
  element: HTMLElement;
  relay(): string;
  timeoutSeconds(): number;
  rememberEnabled(): boolean;
  setRelay(url: string): void;
  setRemember(on: boolean): void;
}

export function createSettings(options: { onRememberChange: (on: boolean) => void; onForget: () => void; storageAllowed: boolean }): Settings {
  const relayId = uid('relay');
  const timeoutId = uid('timeout');
  const rememberId = uid('remember');
  const relay = el('input', { id: relayId, type: 'url', name: 'relay', placeholder: 'http://127.0.0.1:8787', autocomplete: 'off', 'aria-describedby': `${relayId}-help` });
  const timeout = el('input', { id: timeoutId, type: 'number', name: 'timeout', min: '1', max: '120', step: '1', value: '10' });
  const remember = el('input', { id: rememberId, type: 'checkbox', name: 'remember', disabled: !options.storageAllowed });
  const forget = el('button', { type: 'button', class: 'forget' }, 'Forget remembered fields');
  remember.addEventListener('change', () => options.onRememberChange(remember.checked));
  forget.addEventListener('click', () => {
    remember.checked = false;
    options.onForget();
  });
  const element = el('details', { class: 'settings' },
    el('summary', {}, 'Settings'),
    el('div', { class: 'field' },
      el('label', { for: relayId }, 'Relay URL'),
      relay,
      el('p', { class: 'help', id: `${relayId}-help` },
        'Some provider endpoints refuse browser pages (CORS). Requests to them go through this relay, ' +
        'e.g. `credprobe relay` on this machine or the JupyterLab server relay.')),
    el('div', { class: 'field' }, el('label', { for: timeoutId }, 'Timeout per request (seconds)'), timeout),
    el('div', { class: 'field checkbox' }, remember,
      el('label', { for: rememberId }, 'Remember non-secret fields in this browser (never tokens, keys or secrets)')),
    forget);
  return {
    element,
    relay: () => relay.value.trim(),
    timeoutSeconds: () => {
      const value = Number(timeout.value);
      return Number.isFinite(value) && value > 0 ? Math.min(value, 120) : 10;
    },
    rememberEnabled: () => remember.checked,
    setRelay: (url) => { relay.value = url; },
    setRemember: (on) => { remember.checked = on; },
  };
}
