// "Check credentials with credprobe" in the file browser's context menu on .yml, .yaml and .json
// files: the file is read through the contents API (it stays between this browser and the
// Jupyter server), parsed and imported as on the page (src/ui/import_config.ts), and the
// Credentials panel opens filled from it. Nothing is sent until the person validates.
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { applyImport, parseConfigText } from 'credprobe-web/ui/import_config';
import type { CredentialsPanel } from './panel.js';

export const IMPORT_COMMAND = 'credprobe:check-config-file';

const CONFIG_FILE = /\.(ya?ml|json)$/i;

/** The text of `path` through the contents API, or why it could not be read. */
export async function readConfigFile(contents: JupyterFrontEnd['serviceManager']['contents'], path: string): Promise<string> {
  const model = await contents.get(path, { content: true, format: 'text', type: 'file' });
  return String(model.content ?? '');
}

/** Reads, parses and imports `path` into the panel; the summary lines say what was filled (the
 * panel shows them all, the notification the first). */
export async function importIntoPanel(app: JupyterFrontEnd, panel: CredentialsPanel, path: string): Promise<string[]> {
  const parsed = await parseConfigText(await readConfigFile(app.serviceManager.contents, path));
  if (!parsed.ok) throw new Error(`${path} was not read: ${parsed.error}. Nothing was filled in or sent.`);
  const credprobe = await panel.validator();
  const imported = credprobe.importClustrix(parsed.value);
  if (imported.error !== undefined) throw new Error(`${path} was not read: ${imported.error}.`);
  const summary = applyImport(imported, credprobe.providers().providers, (spec, fields) => panel.fillProvider(spec, fields));
  return [`${path}: ${summary.filled.length} provider(s) filled in; nothing was sent. Validate when ready.`, ...summary.lines];
}

export function registerImportCommand(app: JupyterFrontEnd, browser: IDefaultFileBrowser, panel: CredentialsPanel, open: () => void): void {
  const selectedPath = (): string | undefined => browser.selectedItems().next().value?.path;
  app.commands.addCommand(IMPORT_COMMAND, {
    label: 'Check credentials with credprobe',
    caption: 'Fill the Credentials panel from this Clustrix configuration (nothing is sent until you validate)',
    isVisible: () => CONFIG_FILE.test(selectedPath() ?? ''),
    execute: async (args) => {
      const path = typeof args['path'] === 'string' ? args['path'] : selectedPath();
      if (!path) return;
      open();
      try {
        const lines = await importIntoPanel(app, panel, path);
        panel.showImport(lines);
        Notification.success(lines[0]!, { autoClose: 8000 });
      } catch (error) {
        const message = (error as Error).message;
        panel.showImport([message], true);
        Notification.error(message, { autoClose: false });
      }
    },
  });
  app.contextMenu.addItem({ command: IMPORT_COMMAND, selector: '.jp-DirListing-item[data-isdir="false"]', rank: 60 });
}
