// The JupyterLab plugin: the Credentials sidebar panel, its palette commands, the status-bar
// summary and its settings. The validator is the wasm module shipped in this labextension;
// endpoints that refuse browsers go through this server's relay (credprobe_jupyterlab).
import { ILabShell, ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { LabIcon } from '@jupyterlab/ui-components';
import { registerImportCommand } from './import_command.js';
import { readSettings } from './lab_settings.js';
import { CredentialsPanel } from './panel.js';
import { relayBaseUrl } from './relay.js';
import { SummaryStatus } from './status_item.js';
import { loadCredprobeInLab } from './wasm.js';

const PLUGIN_ID = 'credprobe-jupyterlab:plugin';

export const CommandIds = {
  open: 'credprobe:open',
  validateAll: 'credprobe:validate-all',
  export: 'credprobe:export',
} as const;

const keyIcon = new LabIcon({
  name: 'credprobe:key',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><path class="jp-icon3" fill="#616161" ' +
    'd="M7 14a2 2 0 1 1 0-4 2 2 0 0 1 0 4zm5.65-4A6 6 0 1 0 12.65 14H17v4h4v-4h2v-4H12.65z"/></svg>',
});

function activate(
  app: JupyterFrontEnd,
  palette: ICommandPalette,
  settingRegistry: ISettingRegistry,
  browser: IDefaultFileBrowser,
  labShell: ILabShell | null,
  restorer: ILayoutRestorer | null,
  statusBar: IStatusBar | null,
): void {
  const relayBase = relayBaseUrl(PageConfig.getBaseUrl());

  const panel = new CredentialsPanel({
    contents: app.serviceManager.contents,
    currentDirectory: () => browser.model.path,
    relayBase,
    exported: (path, leftOut, holdsSecrets) => {
      void browser.model.refresh();
      const note = holdsSecrets ? ' It holds secrets in plain text.' : leftOut.length ? ' Secrets were left out.' : '';
      Notification.success(`Credentials exported to ${path}.${note}`, { autoClose: 5000 });
    },
  });
  panel.title.icon = keyIcon;
  app.shell.add(panel, 'left', { rank: 850 });
  restorer?.add(panel, 'credprobe-credentials');

  void loadCredprobeInLab().then(
    (credprobe) => panel.setValidator(credprobe),
    () => panel.setFailed('The validator could not start: this browser could not load its WebAssembly module.'),
  );

  void settingRegistry.load(PLUGIN_ID).then((settings) => {
    const apply = (): void => panel.applySettings(readSettings(settings.composite));
    settings.changed.connect(apply);
    apply();
  }, () => panel.applySettings(readSettings({})));

  const open = (): void => {
    if (labShell) labShell.activateById(panel.id);
    else app.shell.activateById(panel.id);
  };
  app.commands.addCommand(CommandIds.open, { label: 'Credentials: Open Panel', caption: 'Open the Credentials panel', execute: open });
  app.commands.addCommand(CommandIds.validateAll, {
    label: 'Credentials: Validate All',
    caption: 'Check every filled-in provider of the Credentials panel',
    execute: async () => {
      open();
      await panel.validateAll();
    },
  });
  app.commands.addCommand(CommandIds.export, {
    label: 'Credentials: Export Config to Current Folder',
    caption: 'Write the validated providers as a Clustrix config into the file browser\'s folder',
    execute: async () => {
      open();
      return panel.exportToCurrentFolder();
    },
  });
  for (const command of Object.values(CommandIds)) palette.addItem({ command, category: 'Credentials' });
  registerImportCommand(app, browser, panel, open);

  if (statusBar) {
    const item = new SummaryStatus(open);
    panel.summaryChanged.connect((_, summary) => item.setSummary(summary));
    statusBar.registerStatusItem('credprobe-jupyterlab:summary', { item, align: 'left', rank: 900 });
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Check cloud and ML credentials from a sidebar panel, with a server relay for endpoints that refuse browsers.',
  autoStart: true,
  requires: [ICommandPalette, ISettingRegistry, IDefaultFileBrowser],
  optional: [ILabShell, ILayoutRestorer, IStatusBar],
  activate,
};

export default plugin;
