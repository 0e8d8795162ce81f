// `npm start`: builds the renderer and the Electron bundles, then runs the desktop app from the
// project folder. Where no Electron binary is installed (these build machines), it says how to
// use browser mode instead and stops there, before building anything.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildElectron } from './build-electron.ts';
import { installedElectron, PROJECT_ROOT } from './electron-binary.ts';

const electron = installedElectron();
if (electron === null) {
  console.log(
    'The Electron binary is not installed here; run the app in your browser instead: npx backprop-lab serve',
  );
  process.exit(0);
}

buildRenderer();
await buildElectron();

// Electron must not start as plain Node, whatever the calling shell has set.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const app = spawn(electron, ['.'], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
// Ctrl-C reaches Electron too (same process group); wait for it to save and quit.
process.on('SIGINT', () => {});
app.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));

function buildRenderer(): void {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (manifest.scripts?.['build:renderer'] === undefined) {
    console.log('package.json has no "build:renderer" script yet: the window will stay empty.');
    return;
  }
  // Through the npm that runs this script when there is one, else the npm on the PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli
    ? [process.execPath, [npmCli, 'run', 'build:renderer']]
    : ['npm', ['run', 'build:renderer']];
  const result = spawnSync(command, args, {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    shell: npmCli === undefined && process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('Building the renderer failed (see above).');
    process.exit(result.status ?? 1);
  }
}
