// Runs a real bundle of the app's main process (dist/electron/main.js, or a packaged copy) under
// the electron stand-in (stand-in/README.md), and talks to it as Electron would: IPC from a page,
// requests to its protocol handler, dialogs answered, menu items clicked, quit.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Method, Result } from '../../src-main/contract/api.ts';
import { START_URL } from '../../src-main/electron/app-origin.ts';
import { CALL_CHANNEL } from '../../src-main/electron/channels.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN_BUNDLE = path.join(ROOT, 'dist', 'electron', 'main.js');
export const PRELOAD_BUNDLE = path.join(ROOT, 'dist', 'electron', 'preload.cjs');
const REGISTER = fileURLToPath(new URL('./stand-in/register.ts', import.meta.url));

/** What the stand-in reports (stand-in/control.ts): every note has a type. */
export type Note = { readonly type: string } & Record<string, unknown>;

export interface LaunchOptions {
  /** The main bundle to run; dist/electron/main.js by default. */
  readonly main?: string;
  /** Where the app keeps its data (XDG_CONFIG_HOME); a new temporary folder by default. */
  readonly configHome?: string;
  /** 'external' when a real page (Chromium) reports each load; otherwise the stand-in loads. */
  readonly page?: 'auto' | 'external';
  readonly env?: Readonly<Record<string, string>>;
}

export interface ProtocolAnswer {
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: Uint8Array;
}

export interface WindowState {
  readonly id: number;
  readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>;
  readonly url: string;
  readonly visible: boolean;
}

export interface MainState {
  readonly ready: boolean;
  readonly isPackaged: boolean;
  readonly privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  readonly handledSchemes: string[];
  readonly ipcChannels: string[];
  readonly windows: WindowState[];
  readonly menu: unknown[] | null;
}

export interface DesktopMain {
  readonly configHome: string;
  readonly notes: readonly Note[];
  /** The main process's own output (console.log/error). */
  output(): string;
  /** Calls `listener` with every note from now on. */
  onNote(listener: (note: Note) => void): void;
  /** Resolves with the first note (past or future) that `matches`; rejects at `timeout`. */
  waitFor(matches: (note: Note) => boolean, timeout?: number): Promise<Note>;
  /** An API request as the preload sends it, from a frame at `senderUrl` (null: no frame). */
  call<M extends Method>(
    method: M,
    payload: unknown,
    senderUrl?: string | null,
  ): Promise<Result<M>>;
  command<T>(op: string, fields?: Record<string, unknown>): Promise<T>;
  protocol(url: string, method?: string): Promise<ProtocolAnswer>;
  state(): Promise<MainState>;
  /** The next open dialog returns these paths (or is cancelled when `paths` is null). */
  answerDialog(paths: string[] | null): Promise<void>;
  clickMenu(...labels: string[]): Promise<void>;
  /** A message box (open or the next one) is answered by clicking its button `response`. */
  answerMessageBox(response: number): Promise<void>;
  /** app.quit() as the user would; resolves with the process's exit code. */
  quit(): Promise<number | null>;
  readonly exited: Promise<number | null>;
  /** Ends the process if it is still running (for afterAll). */
  kill(): Promise<void>;
}

/** Starts the main bundle and waits until its window has loaded (or it failed to start). */
export async function launchMain(options: LaunchOptions = {}): Promise<DesktopMain> {
  const configHome = options.configHome ?? mkdtempSync(path.join(tmpdir(), 'bpl-desktop-'));
  const child: ChildProcess = fork(options.main ?? MAIN_BUNDLE, [], {
    execArgv: ['--import', REGISTER],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
    env: {
      ...process.env,
      XDG_CONFIG_HOME: configHome,
      ELECTRON_STAND_IN_PAGE: options.page ?? 'auto',
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const notes: Note[] = [];
  const watchers = new Set<(note: Note) => void>();
  const replies = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  child.on('message', (raw) => {
    const note = raw as Note;
    if (note.type === 'reply') {
      const pending = replies.get(note.id as number);
      replies.delete(note.id as number);
      if (note.ok) pending?.resolve(note.value);
      else pending?.reject(new Error(String(note.error)));
      return;
    }
    notes.push(note);
    for (const watch of watchers) watch(note);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      for (const pending of replies.values())
        pending.reject(new Error(`the main process exited (${code}): ${output}`));
      replies.clear();
      resolve(code);
    }),
  );

  const waitFor = (matches: (note: Note) => boolean, timeout = 30_000): Promise<Note> => {
    const seen = notes.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`no such note within ${timeout} ms; output:\n${output}`));
      }, timeout);
      const watch = (note: Note) => {
        if (!matches(note)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(note);
      };
      watchers.add(watch);
    });
  };
  const command = <T>(op: string, fields: Record<string, unknown> = {}): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, ...fields });
    });
  };

  // A page driven from outside reports its own load; otherwise wait until the window shows.
  const opened = options.page === 'external' ? 'loadURL' : 'show';
  const started = await Promise.race([
    waitFor((n) => n.type === opened || n.type === 'errorBox' || n.type === 'exit', 60_000),
    exited.then((code) => ({ type: 'exit', code }) as Note),
  ]);
  if (started.type !== opened)
    throw new Error(`the app did not open its window: ${JSON.stringify(started)}\n${output}`);

  return {
    configHome,
    notes,
    output: () => output,
    waitFor,
    onNote: (listener) => void watchers.add(listener),
    call: (method, payload, senderUrl = START_URL) =>
      command('invoke', { channel: CALL_CHANNEL, args: [method, payload], senderUrl }),
    command,
    protocol: (url, method = 'GET') => command('protocol', { url, method }),
    state: () => command('state'),
    answerDialog: (paths) =>
      command('answerDialog', {
        answer:
          paths === null
            ? { canceled: true, filePaths: [] }
            : { canceled: false, filePaths: paths },
      }),
    clickMenu: (...labels) => command('clickMenu', { labels }),
    answerMessageBox: (response) => command('answerMessageBox', { response }),
    quit: async () => {
      await command('quit');
      return exited;
    },
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
