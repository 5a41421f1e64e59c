// The export controls: pick a format, choose whether secrets go in, download. The preview
// never shows secret values (they would sit in the DOM outside their inputs): it is rendered
// without secrets whatever the box says; only the downloaded file holds them.
import { el, setText, uid } from './dom.js';
import { exportConfig, type ExportEntry, type ExportFormat } from './export_config.js';

export interface ExportPanel {
  element: HTMLElement;
  /** Re-renders for the entries that may be exported now (validated providers). */
  update(entries: ExportEntry[]): void;
}

export function createExportPanel(): ExportPanel {
  let entries: ExportEntry[] = [];
  const formatId = uid('export-format');
  const secretsId = uid('export-secrets');
  const format = el('select', { id: formatId },
    el('option', { value: 'yaml' }, 'Clustrix YAML'),
    el('option', { value: 'env' }, '.env file'),
    el('option', { value: 'json' }, 'JSON'));
  const secrets = el('input', { id: secretsId, type: 'checkbox', name: 'include-secrets' });
  const warning = el('p', { class: 'warning', hidden: true, role: 'note' },
    'The downloaded file will hold your secrets in plain text.');
  const status = el('p', { class: 'export-status', 'aria-live': 'polite' });
  // A region, so that its label is allowed (ARIA prohibits naming a plain pre) and keyboard
  // users can scroll it.
  const preview = el('pre', { class: 'export-preview', tabindex: '0', role: 'region', 'aria-label': 'Export preview (without secrets)' });
  const download = el('button', { type: 'button', class: 'primary' }, 'Download');

  // Writes only what differs from what is shown: a check's result re-renders the panel on every
  // state change, and an unchanged export must cost no style, layout or paint.
  const render = (): void => {
    const chosen = format.value as ExportFormat;
    if (warning.hidden === secrets.checked) warning.hidden = !secrets.checked;
    if (download.disabled !== (entries.length === 0)) download.disabled = entries.length === 0;
    if (entries.length === 0) {
      setText(status, 'Validate a provider first: only settings that validated are exported.');
      setText(preview, '');
      return;
    }
    const file = exportConfig(entries, chosen, false);
    // JSON has no comments to say it in: the status says what a Clustrix file left out.
    const notClustrix = file.notClustrix?.length ? ` (left out, not Clustrix keys: ${file.notClustrix.join(', ')})` : '';
    setText(status, `${entries.map((e) => e.spec.display_name).join(', ')} → ${file.filename}${notClustrix}`);
    setText(preview, file.text);
  };
  format.addEventListener('change', render);
  secrets.addEventListener('change', render);
  download.addEventListener('click', () => {
    if (entries.length === 0) return;
    const file = exportConfig(entries, format.value as ExportFormat, secrets.checked);
    const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
    const link = el('a', { href: url, download: file.filename });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  const element = el('section', { class: 'export', 'aria-labelledby': `${formatId}-title` },
    el('h2', { id: `${formatId}-title` }, 'Export'),
    el('div', { class: 'row' },
      el('label', { for: formatId }, 'Format'), format,
      el('span', { class: 'checkbox' }, secrets, el('label', { for: secretsId }, 'Include secrets')),
      download),
    warning, status, preview);
  render();
  return {
    element,
    update(next: ExportEntry[]): void {
      entries = next;
      render();
    },
  };
}
