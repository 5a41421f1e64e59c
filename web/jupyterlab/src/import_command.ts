// "Check credentials with credprobe" in the file browser's context menu on .yml, .yaml and .json
// files: the file is read through the contents API (it stays between this browser and the
// Jupyter server), parsed and imported as on the page (src/ui/import_config.ts), and the
// Credentials panel opens filled from it. Nothing is sent until the person validates.
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { importConfig, notRead, type ImportReport } from 'credprobe-web/ui/import_config';
import type { CredentialsPanel } from './panel.js';

export const IMPORT_COMMAND = 'credprobe:check-config-file';

const CONFIG_FILE = /\.(ya?ml|json)$/i;

/** The text of `path` through the contents API, or why it could not be read. */
export async function readConfigFile(contents: JupyterFrontEnd['serviceManager']['contents'], path: string): Promise<string> {
  const model = await contents.get(path, { content: true, format: 'text', type: 'file' });
  return String(model.content ?? '');
}

/** Reads `path` through the contents API and imports it into the panel (the page's flow). */
export async function importIntoPanel(app: JupyterFrontEnd, panel: CredentialsPanel, path: string): Promise<ImportReport> {
  const text = await readConfigFile(app.serviceManager.contents, path);
  return importConfig(path, text, await panel.validator(), (spec, fields) => panel.fillProvider(spec, fields));
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
      let report: ImportReport;
      try {
        report = await importIntoPanel(app, panel, path);
      } catch (error) {
        report = notRead(path, (error as Error).message); // the contents API refused it
      }
      // The panel lists every line; a notification shows only the headline (JupyterLab cuts
      // notifications at 140 characters).
      panel.showImport(report);
      if (report.ok) Notification.success(report.lines[0]!, { autoClose: 8000 });
      else Notification.error(report.lines[0]!, { autoClose: false });
    },
  });
  app.contextMenu.addItem({ command: IMPORT_COMMAND, selector: '.jp-DirListing-item[data-isdir="false"]', rank: 60 });
}
