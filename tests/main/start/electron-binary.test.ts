import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  electronInstaller,
  electronVersion,
  installedElectron,
} from '../../../scripts/electron-binary.ts';
import { electronBundlesAreCurrent } from '../../../scripts/electron-bundles.ts';
import { BUNDLE_FILES } from '../../../scripts/build-electron.ts';

let root: string;
const file = (relative: string, text = ''): string => {
  const target = path.join(root, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'backprop-electron-binary-'));
  file('node_modules/electron/package.json', JSON.stringify({ version: '45.5.0' }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the installed Electron', () => {
  it('is the executable path.txt names inside dist/, once both exist', () => {
    expect(installedElectron(root, {})).toBeNull();
    file('node_modules/electron/path.txt', 'electron');
    expect(installedElectron(root, {})).toBeNull();
    const executable = file('node_modules/electron/dist/electron');
    expect(installedElectron(root, {})).toBe(executable);
  });

  it('is looked for in ELECTRON_OVERRIDE_DIST_PATH when that is set', () => {
    const override = path.join(root, 'unpacked');
    expect(installedElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    const executable = file('unpacked/electron');
    expect(installedElectron(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(executable);
  });

  it("comes from the package's version and its own installer", () => {
    expect(electronVersion(root)).toBe('45.5.0');
    expect(electronInstaller(root)).toBe(path.join(root, 'node_modules/electron/install.js'));
  });
});

describe('the Electron bundles', () => {
  const bundles = BUNDLE_FILES;
  const at = (target: string, seconds: number) => utimesSync(target, seconds, seconds);

  it('are current when all are newer than every input', () => {
    const source = file('src-main/electron/main.ts');
    at(source, 1000);
    at(path.dirname(source), 1000);
    at(path.join(root, 'src-main'), 1000);
    expect(electronBundlesAreCurrent(root)).toBe(false);
    for (const bundle of bundles) at(file(`dist/electron/${bundle}`), 2000);
    expect(electronBundlesAreCurrent(root)).toBe(true);

    at(file('package-lock.json'), 3000);
    expect(electronBundlesAreCurrent(root)).toBe(false);
    at(path.join(root, 'package-lock.json'), 1000);
    at(source, 3000);
    expect(electronBundlesAreCurrent(root)).toBe(false);
  });

  it('are not current when one is missing', () => {
    for (const bundle of bundles.slice(1)) at(file(`dist/electron/${bundle}`), 2000);
    expect(electronBundlesAreCurrent(root)).toBe(false);
  });
});
