// The application menu: the platform's standard menus (quit, copy and paste, window, about),
// developer tools only in an unpackaged app, and File › Import data…, which runs the same
// import as the button in the window.

import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly importData: () => void;
  /** Reload and developer tools: for `npm start`, not for installed copies. */
  readonly developer: boolean;
}

export function setupMenu({ importData, developer }: MenuActions): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import data…', accelerator: 'CmdOrCtrl+O', click: () => importData() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(developer
          ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
