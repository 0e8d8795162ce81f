// The main-process half of the electron stand-in (see README.md beside this file): the parts of
// Electron's API that src-main/electron/*.ts calls, each behaving as Electron's docs or source say.
// Citations name files in github:electron/electron (docs/api/*.md, lib/browser/api/*.ts).

import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { driven, note, onCommand } from './control.ts';

const PARENT_PORT_SHIM = fileURLToPath(new URL('./parent-port.ts', import.meta.url));

// --- app (docs/api/app.md) -----------------------------------------------------------------

/** The folder `electron <dir>` was given (Node sets argv[1] to it), or for a main script run
 * directly, the nearest folder above it with a package.json. */
function findAppPath(): string {
  const main = path.resolve(process.argv[1] ?? '.');
  let dir = existsSync(path.join(main, 'package.json')) ? main : path.dirname(main);
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('electron stand-in: no package.json above the main script');
    dir = up;
  }
  return dir;
}

const appPath = findAppPath();
const manifest = JSON.parse(readFileSync(path.join(appPath, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};
/** A packaged app runs from resources/app.asar (here: an extracted folder of that name). */
const packaged = path.basename(appPath) === 'app.asar';
(process as { resourcesPath?: string }).resourcesPath = packaged
  ? path.dirname(appPath)
  : path.join(appPath, 'node_modules', 'electron', 'dist', 'resources');

interface PreventableEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}
function preventable(): PreventableEvent {
  let prevented = false;
  return {
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

class App extends EventEmitter {
  readonly isPackaged = packaged;
  #ready = false;
  readonly #whenReady: Promise<void>;

  constructor() {
    super();
    // 'ready' comes once Electron has initialised, after the main script's first run.
    this.#whenReady = new Promise((resolve) =>
      setImmediate(() => {
        this.#ready = true;
        this.emit('ready', preventable(), {});
        resolve();
      }),
    );
  }
  isReady = (): boolean => this.#ready;
  whenReady = (): Promise<void> => this.#whenReady;
  getName = (): string => manifest.productName ?? manifest.name;
  getVersion = (): string => manifest.version;
  getAppPath = (): string => appPath;

  /** userData is appData/<productName>; appData is XDG_CONFIG_HOME or ~/.config on Linux. */
  getPath = (name: string): string => {
    const appData = process.env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
    const paths: Record<string, string> = {
      home: homedir(),
      appData,
      userData: path.join(appData, this.getName()),
      temp: tmpdir(),
      logs: path.join(appData, this.getName(), 'logs'),
    };
    const found = paths[name];
    if (found === undefined) throw new Error(`Failed to get '${name}' path`);
    return found;
  };

  /** The stand-in runs one instance per test; the lock is always granted. */
  requestSingleInstanceLock = (): boolean => true;

  /** before-quit (cancellable), windows close, will-quit, quit, then the process ends. */
  quit = (): void => {
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) window.close();
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.emit('quit', preventable(), 0);
    setImmediate(() => process.exit(0));
  };

  /** Ends at once, without before-quit (docs/api/app.md `app.exit`). */
  exit = (code = 0): void => {
    note({ type: 'exit', code });
    process.exit(code);
  };
}

export const app = new App();

function requireReady(what: string): void {
  if (!app.isReady()) throw new Error(`${what} cannot be used before the app is ready`);
}

// --- protocol (docs/api/protocol.md) -------------------------------------------------------

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();
const privilegedSchemes: unknown[] = [];

export const protocol = {
  registerSchemesAsPrivileged(schemes: readonly unknown[]): void {
    // shell/browser/api/electron_api_protocol.cc refuses the call once the app is ready.
    if (app.isReady())
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    requireReady('protocol.handle');
    if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled: (scheme: string): boolean => protocolHandlers.has(scheme),
};

/** What a page asking for `url` receives: the registered handler's answer, or a network error. */
async function fetchThroughProtocol(url: string, method = 'GET') {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (handler === undefined) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
  const response = await handler(new Request(url, { method }));
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

// --- session (docs/api/session.md) -----------------------------------------------------------

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

class Session {
  // Electron grants every permission until a handler says otherwise (docs/tutorial/security.md #5).
  #request: PermissionRequestHandler | null = null;
  #check: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.#request = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.#check = handler;
  }
  requestPermission(contents: unknown, permission: string): Promise<boolean> {
    const handler = this.#request;
    if (handler === null) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve, {}));
  }
  checkPermission(contents: unknown, permission: string): boolean {
    return this.#check === null ? true : this.#check(contents, permission);
  }
}

let defaultSession: Session | null = null;
export const session = {
  get defaultSession(): Session {
    requireReady('session');
    return (defaultSession ??= new Session());
  },
};

// --- ipcMain (docs/api/ipc-main.md) --------------------------------------------------------

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel: string, handler: InvokeHandler): void {
    // lib/browser/ipc-main-impl.ts: one handler per channel.
    if (invokeHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  },
});

// --- BrowserWindow and webContents (docs/api/browser-window.md, web-contents.md) ----------

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class WebContents extends EventEmitter {
  readonly id: number;
  readonly #window: BrowserWindow;
  #url = '';
  #destroyed = false;
  #windowOpenHandler: WindowOpenHandler | null = null;
  constructor(window: BrowserWindow) {
    super();
    this.id = window.id;
    this.#window = window;
  }
  get session(): Session {
    return session.defaultSession;
  }
  getURL = (): string => this.#url;
  isDestroyed = (): boolean => this.#destroyed;
  send = (channel: string, ...args: unknown[]): void => {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    note({ type: 'send', window: this.id, channel, args });
  };
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#windowOpenHandler = handler;
  }
  /** What window.open(url) in the page gets: allowed unless the handler denies it. */
  windowOpen(url: string): 'allow' | 'deny' {
    return this.#windowOpenHandler?.({ url }).action ?? 'allow';
  }
  /** A navigation the page starts: 'will-navigate', which a listener may prevent. */
  navigate(url: string): boolean {
    const event = Object.assign(preventable(), { url });
    this.emit('will-navigate', event, url);
    if (!event.defaultPrevented) this.#url = url;
    return !event.defaultPrevented;
  }
  attachWebview(): boolean {
    const event = preventable();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
  loaded(url: string): void {
    this.#url = url;
    this.emit('did-finish-load');
    this.#window.emit('ready-to-show');
  }
  destroy(): void {
    this.#destroyed = true;
  }
  get owner(): BrowserWindow {
    return this.#window;
  }
}

let nextWindowId = 1;
const windows = new Map<number, BrowserWindow>();

export class BrowserWindow extends EventEmitter {
  static getAllWindows = (): BrowserWindow[] => [...windows.values()];
  static fromId = (id: number): BrowserWindow | null => windows.get(id) ?? null;
  /** The window with the keyboard focus: here, the last one shown (there is no window manager). */
  static getFocusedWindow = (): BrowserWindow | null =>
    [...windows.values()].filter((w) => w.isVisible()).at(-1) ?? null;

  readonly id = nextWindowId++;
  readonly options: Record<string, unknown>;
  readonly webContents: WebContents;
  #shown = false;
  #destroyed = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    // lib/browser/api/browser-window.ts: "Cannot create BrowserWindow before app is ready".
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.webContents = new WebContents(this);
    windows.set(this.id, this);
    app.emit('web-contents-created', preventable(), this.webContents);
    note({ type: 'window', window: this.id, options: serialisable(options) });
  }

  /** Loads `url`. With a harness driving a real page, the page reports the load; otherwise the
   * stand-in fetches it through the protocol handler and reports it loaded. */
  async loadURL(url: string): Promise<void> {
    note({ type: 'loadURL', window: this.id, url });
    if (driven && process.env.ELECTRON_STAND_IN_PAGE === 'external') {
      await new Promise<void>((resolve) => this.webContents.once('did-finish-load', resolve));
      return;
    }
    const response = await fetchThroughProtocol(url);
    if (response.status >= 400) throw new Error(`ERR_FAILED (${response.status}) loading '${url}'`);
    this.webContents.loaded(url);
    if (!driven && process.env.ELECTRON_STAND_IN_QUIT_AFTER_LOAD === '1') app.quit();
  }
  show = (): void => {
    this.#shown = true;
    note({ type: 'show', window: this.id });
  };
  isVisible = (): boolean => this.#shown;
  isMinimized = (): boolean => false;
  restore = (): void => {};
  focus = (): void => {};
  isDestroyed = (): boolean => this.#destroyed;
  close = (): void => {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroy();
    windows.delete(this.id);
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  };
}

function serialisable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

// --- dialog (docs/api/dialog.md) -----------------------------------------------------------

interface OpenDialogResult {
  readonly canceled: boolean;
  readonly filePaths: string[];
}
/** Answers the test queued for the next open dialogs; with none queued, the user cancels. */
const dialogAnswers: OpenDialogResult[] = [];

export const dialog = {
  showOpenDialog(...args: unknown[]): Promise<OpenDialogResult> {
    // (window, options) or (options)
    const options = args.length > 1 ? args[1] : args[0];
    note({ type: 'dialog', options: serialisable(options) });
    return Promise.resolve(dialogAnswers.shift() ?? { canceled: true, filePaths: [] });
  },
  showErrorBox(title: string, content: string): void {
    note({ type: 'errorBox', title, content });
  },
  /** (window, options) or (options). Noted, and answered as a user would: by the test's next
   * `answerMessageBox` (the index of the button clicked), queued or still to come. */
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = args.length > 1 ? args[1] : args[0];
    note({ type: 'messageBox', options: serialisable(options) });
    return new Promise((resolve) => {
      const answer = (response: number) => resolve({ response, checkboxChecked: false });
      const queued = messageBoxAnswers.shift();
      if (queued !== undefined) answer(queued);
      else messageBoxWaiters.push(answer);
    });
  },
};
const messageBoxAnswers: number[] = [];
const messageBoxWaiters: ((response: number) => void)[] = [];

// --- Menu and shell (docs/api/menu.md, shell.md) --------------------------------------------

interface MenuItemOptions {
  readonly label?: string;
  readonly role?: string;
  readonly accelerator?: string;
  readonly type?: string;
  readonly submenu?: MenuItemOptions[] | Menu;
  readonly click?: (item: unknown, window: BrowserWindow | undefined, event: unknown) => void;
}

export class Menu {
  static #application: Menu | null = null;
  static buildFromTemplate = (template: MenuItemOptions[]): Menu => new Menu(template);
  static setApplicationMenu = (menu: Menu | null): void => {
    Menu.#application = menu;
    note({ type: 'menu', labels: menu?.labels() ?? null });
  };
  static getApplicationMenu = (): Menu | null => Menu.#application;

  readonly items: MenuItemOptions[];
  constructor(template: MenuItemOptions[] = []) {
    this.items = template;
  }
  /** Each item as its label (or role), submenus nested. */
  labels(): unknown[] {
    return this.items.map((item) => {
      const name = item.label ?? item.role ?? item.type ?? '';
      const sub = item.submenu instanceof Menu ? item.submenu.items : item.submenu;
      return sub ? { [name]: new Menu(sub).labels() } : name;
    });
  }
  /** The item reached by following `labels` through submenus. */
  find(labels: readonly string[]): MenuItemOptions | undefined {
    let items: MenuItemOptions[] = this.items;
    let found: MenuItemOptions | undefined;
    for (const label of labels) {
      found = items.find((item) => (item.label ?? item.role) === label);
      if (found === undefined) return undefined;
      const sub = found.submenu;
      items = sub instanceof Menu ? sub.items : (sub ?? []);
    }
    return found;
  }
}

export const shell = {
  openExternal(url: string): Promise<void> {
    note({ type: 'openExternal', url });
    return Promise.resolve();
  },
};

// --- utilityProcess (docs/api/utility-process.md, lib/browser/api/utility-process.ts) ------

const children = new Set<ChildProcess>();

/** Output is forwarded this late: Electron reads a child's output through its own socket while
 * 'exit' comes over Mojo, so output written just before exit may arrive after 'exit'. The
 * stand-in makes that order certain. */
const OUTPUT_LAG_MS = 20;

class UtilityProcess extends EventEmitter {
  readonly #child: ChildProcess;
  #exited = false;
  #killed = false;
  #stdout: PassThrough | null = null;
  #stderr: PassThrough | null = null;

  constructor(modulePath: string, args: readonly string[], options: Record<string, unknown>) {
    super();
    const piped = options.stdio === 'pipe';
    // Node for the child, with process.parentPort as Electron gives it (parent-port.ts).
    this.#child = fork(modulePath, [...args], {
      execArgv: ['--import', PARENT_PORT_SHIM],
      stdio: piped ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
      cwd: options.cwd as string | undefined,
    });
    children.add(this.#child);
    // utility-process.ts: with stdio 'pipe', stdout and stderr are PassThrough streams.
    if (piped) {
      this.#stdout = lagging(this.#child.stdout);
      this.#stderr = lagging(this.#child.stderr);
    }
    this.#child.once('spawn', () => this.emit('spawn'));
    this.#child.on('message', (message) => this.emit('message', message));
    this.#child.once('exit', (code, signal) => {
      children.delete(this.#child);
      this.#exited = true;
      // Exit codes as documented: 0 after kill(), the code given to process.exit, 1 for an
      // uncaught exception (Node's own), and non-zero for a crash or a signal.
      const exitCode = this.#killed ? 0 : (code ?? 128 + signalNumber(signal));
      try {
        this.emit('exit', exitCode);
      } finally {
        // utility-process.ts, on 'exit': removeAllListeners() on both streams, then drops them.
        this.#stdout?.removeAllListeners();
        this.#stderr?.removeAllListeners();
        this.#stdout = null;
        this.#stderr = null;
      }
    });
  }
  get stdout(): PassThrough | null {
    return this.#stdout;
  }
  get stderr(): PassThrough | null {
    return this.#stderr;
  }
  /** undefined once the process has exited (the handle is gone). */
  get pid(): number | undefined {
    return this.#exited ? undefined : this.#child.pid;
  }
  /** Messages posted before 'spawn' wait for it (Node's fork queues them); after exit, dropped. */
  postMessage(message: unknown): void {
    if (!this.#exited && this.#child.connected) this.#child.send(message as never);
  }
  /** SIGTERM; false once the process has exited. */
  kill(): boolean {
    if (this.#exited) return false;
    this.#killed = true;
    return this.#child.kill('SIGTERM');
  }
}

function lagging(source: Readable | null): PassThrough {
  const out = new PassThrough();
  source?.on('data', (chunk: Buffer) => setTimeout(() => out.write(chunk), OUTPUT_LAG_MS));
  return out;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11 };
  return (signal && numbers[signal]) ?? 1;
}

export const utilityProcess = {
  fork(modulePath: string, args: readonly string[] = [], options: Record<string, unknown> = {}) {
    // lib/browser/api/utility-process.ts refuses to fork before ready.
    if (!app.isReady()) throw new Error('utilityProcess cannot be created before app is ready.');
    return new UtilityProcess(modulePath, args, options);
  },
};

// Electron ends its utility processes together with the app.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

// --- commands from the harness (tests/desktop/harness.ts) ----------------------------------

function webContentsOf(command: Record<string, unknown>): WebContents {
  const window = BrowserWindow.fromId(Number(command.window ?? 1));
  if (window === null) throw new Error(`no window ${String(command.window)}`);
  return window.webContents;
}

onCommand('invoke', async (command) => {
  const channel = String(command.channel);
  const handler = invokeHandlers.get(channel);
  if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
  const sender = webContentsOf(command);
  const senderUrl = command.senderUrl as string | null;
  const event = {
    sender,
    processId: 1,
    frameId: 1,
    senderFrame: senderUrl === null ? null : { url: senderUrl, origin: new URL(senderUrl).origin },
  };
  try {
    return await handler(event, ...(command.args as unknown[]));
  } catch (error) {
    // lib/renderer/api/ipc-renderer.ts: the page sees only this message.
    throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, {
      cause: error,
    });
  }
});
onCommand('protocol', (command) =>
  fetchThroughProtocol(String(command.url), String(command.method ?? 'GET')),
);
onCommand('loaded', (command) => webContentsOf(command).loaded(String(command.url)));
onCommand('navigate', (command) => webContentsOf(command).navigate(String(command.url)));
onCommand('windowOpen', (command) => webContentsOf(command).windowOpen(String(command.url)));
onCommand('attachWebview', (command) => webContentsOf(command).attachWebview());
onCommand('permission', async (command) => {
  const contents = webContentsOf(command);
  const permission = String(command.permission);
  return {
    requested: await session.defaultSession.requestPermission(contents, permission),
    checked: session.defaultSession.checkPermission(contents, permission),
  };
});
onCommand('state', () => ({
  ready: app.isReady(),
  isPackaged: app.isPackaged,
  privilegedSchemes: serialisable(privilegedSchemes),
  handledSchemes: [...protocolHandlers.keys()],
  ipcChannels: [...invokeHandlers.keys()],
  windows: BrowserWindow.getAllWindows().map((w) => ({
    id: w.id,
    options: serialisable(w.options),
    url: w.webContents.getURL(),
    visible: w.isVisible(),
  })),
  menu: Menu.getApplicationMenu()?.labels() ?? null,
}));
onCommand('answerDialog', (command) => {
  dialogAnswers.push(command.answer as OpenDialogResult);
});
onCommand('answerMessageBox', (command) => {
  const response = command.response as number;
  const waiting = messageBoxWaiters.shift();
  if (waiting !== undefined) waiting(response);
  else messageBoxAnswers.push(response);
});
onCommand('clickMenu', (command) => {
  const labels = command.labels as string[];
  const item = Menu.getApplicationMenu()?.find(labels);
  if (item?.click === undefined) throw new Error(`no menu item ${labels.join(' › ')}`);
  item.click(item, BrowserWindow.getAllWindows()[0], {});
});
onCommand('closeWindow', (command) => webContentsOf(command).owner.close());
onCommand('quit', () => app.quit());

export default {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  utilityProcess,
};
