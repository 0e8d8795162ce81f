// `npm start` end to end, in a fresh copy of the project (project-copy.ts): where the Electron
// binary is missing it runs Electron's own installer, which downloads from ELECTRON_MIRROR, here a
// local HTTP server playing Electron's release server. It serves a stand-in Electron
// (tests/fixtures/electron/stand-in-dist.ts) whose `electron` runs Node 24 with the electron
// stand-in, so the launched `electron .` really starts the copy's dist/electron/main.js; with
// ELECTRON_STAND_IN_QUIT_AFTER_LOAD=1 it quits once the window has loaded.

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ELECTRON_VERSION,
  writeStandInElectronDist,
} from '../../fixtures/electron/stand-in-dist.ts';
import { copyProject, ROOT } from './project-copy.ts';

const ZIP_NAME = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;
const START_TIMEOUT_MS = 40_000;

interface StartResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

let temp: string;
let project: string;
let mirror: Server;
let mirrorUrl: string;
/** Every path the mirror was asked for, in order. */
const requests: string[] = [];

/** `npm start` in the copy, its process group killed if it outlives `timeoutMs`. */
function npmStart(env: Record<string, string>, timeoutMs = START_TIMEOUT_MS): Promise<StartResult> {
  const started = Date.now();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    BACKPROP_LAB_DB: path.join(temp, 'lab.sqlite'),
    XDG_CONFIG_HOME: path.join(temp, 'config'),
    electron_config_cache: path.join(temp, 'electron-cache'),
    electron_use_remote_checksums: '1',
    ELECTRON_STAND_IN_QUIT_AFTER_LOAD: '1',
    ELECTRON_OVERRIDE_DIST_PATH: undefined,
    ELECTRON_MIRROR: undefined,
    ...env,
  };
  const child = spawn('npm', ['start'], { cwd: project, env: childEnv, detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`npm start ran over ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The stand-in's notes (`electron stand-in: {...}` lines on stdout). */
function notes(stdout: string): { type: string; [key: string]: unknown }[] {
  const prefix = 'electron stand-in: ';
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => JSON.parse(line.slice(prefix.length)) as { type: string });
}

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const electronPackage = (...parts: string[]): string =>
  path.join(project, 'node_modules', 'electron', ...parts);

describe.skipIf(process.platform === 'win32')('npm start', () => {
  beforeAll(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'backprop-start-'));
    project = copyProject(path.join(temp, 'project'));

    // Electron's release layout: v<version>/<zip> and v<version>/SHASUMS256.txt.
    const standIn = path.join(temp, 'stand-in-dist');
    writeStandInElectronDist(standIn);
    const zipFile = path.join(temp, ZIP_NAME);
    execFileSync('zip', ['-qr', zipFile, '.'], { cwd: standIn });
    const zip = readFileSync(zipFile);
    const sha = createHash('sha256').update(zip).digest('hex');
    const files: Record<string, Buffer> = {
      [`/v${ELECTRON_VERSION}/${ZIP_NAME}`]: zip,
      [`/v${ELECTRON_VERSION}/SHASUMS256.txt`]: Buffer.from(`${sha} *${ZIP_NAME}\n`),
    };
    mirror = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = files[request.url ?? ''];
      response.writeHead(body === undefined ? 404 : 200, { 'content-length': body?.length ?? 0 });
      response.end(body);
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => mirror?.close(resolve));
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('with no reachable mirror, says why in one line, points to browser mode, builds nothing', async () => {
    const port = await closedPort();
    const result = await npmStart({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });

    expect(result.code).not.toBe(0);
    const hints = result.stderr
      .split('\n')
      .filter((line) => line.includes('npx backprop-lab serve'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toContain(`could not download Electron ${ELECTRON_VERSION}`);
    expect(hints[0]).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    // Above that line, the installer's own output, as it printed it.
    expect(result.stderr).toContain('TypeError: fetch failed');
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
    expect(existsSync(electronPackage('path.txt'))).toBe(false);
  });

  it('downloads Electron through its installer, builds, and launches `electron .`', async () => {
    const result = await npmStart({ ELECTRON_MIRROR: mirrorUrl });

    expect(result.code, result.stderr).toBe(0);
    expect(requests).toContain(`/v${ELECTRON_VERSION}/${ZIP_NAME}`);
    expect(requests).toContain(`/v${ELECTRON_VERSION}/SHASUMS256.txt`);
    // Installed where Electron's own index.js looks: dist/ and path.txt in the copy's package.
    expect(readFileSync(electronPackage('path.txt'), 'utf8')).toBe('electron');
    expect(readFileSync(electronPackage('dist', 'version'), 'utf8')).toBe(ELECTRON_VERSION);
    expect(existsSync(path.join(ROOT, 'node_modules', 'electron', 'path.txt'))).toBe(false);

    const seen = notes(result.stdout);
    expect(seen.find((n) => n.type === 'loadURL')?.url).toMatch(/^app:\/\//);
    expect(seen.some((n) => n.type === 'show')).toBe(true);
    // `electron .` ran the copy's main.js: its window's preload is the copy's, its renderer and
    // bundles were built there, and it opened the database named by BACKPROP_LAB_DB.
    const window = seen.find((n) => n.type === 'window') as
      { options: { webPreferences: { preload: string } } } | undefined;
    expect(window?.options.webPreferences.preload).toBe(
      path.join(project, 'dist', 'electron', 'preload.cjs'),
    );
    expect(existsSync(path.join(project, 'dist', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(path.join(project, 'dist', 'electron', 'main.js'))).toBe(true);
    expect(existsSync(path.join(temp, 'lab.sqlite'))).toBe(true);
  });

  it('with the binary installed, runs neither the installer nor a build that is current', async () => {
    const before = requests.length;
    const result = await npmStart({ ELECTRON_MIRROR: mirrorUrl });

    expect(result.code, result.stderr).toBe(0);
    expect(requests.length).toBe(before);
    expect(result.stdout).not.toMatch(/installer|Building/);
    expect(notes(result.stdout).some((n) => n.type === 'show')).toBe(true);
  });

  it.runIf(process.platform === 'linux')(
    'when the Linux sandbox cannot start, says where the README explains it',
    async () => {
      // An Electron that fails the way Chromium does under Ubuntu 24.04's AppArmor restriction.
      const failing = path.join(temp, 'sandbox-failure');
      mkdirSync(failing);
      writeFileSync(
        path.join(failing, 'electron'),
        [
          '#!/bin/sh',
          "echo '[1:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly.' >&2",
          'kill -TRAP $$',
          '',
        ].join('\n'),
      );
      chmodSync(path.join(failing, 'electron'), 0o755);
      const result = await npmStart({ ELECTRON_OVERRIDE_DIST_PATH: failing });

      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('SUID sandbox helper');
      const hint = result.stderr.split('\n').filter((line) => line.includes('README'));
      expect(hint).toHaveLength(1);
      expect(hint[0]).toContain('sandbox');
    },
  );
});
