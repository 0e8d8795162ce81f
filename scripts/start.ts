// `npm start`: the desktop app from the project folder (`electron .`). Since Electron 42,
// `npm install` no longer downloads Electron's binary, so where it is missing this runs
// Electron's own installer first; only if that fails does it stop, saying why in one line and
// pointing to browser mode. Then it builds what is out of date (the renderer, the Electron
// bundles) and launches Electron as the packaged app would run.

import { ensureRendererBuilt } from '../src-main/renderer-build.ts';
import { buildElectron } from './build-electron.ts';
import { electronVersion, installedElectron, PROJECT_ROOT } from './electron-binary.ts';
import { electronBundlesAreCurrent } from './electron-bundles.ts';
import { runElectronInstaller } from './install-electron.ts';
import { BROWSER_MODE_HINT, installerFailure } from './installer-failure.ts';
import { launchElectron } from './launch-electron.ts';
import { sandboxFailureHint } from './sandbox-hint.ts';

const electron = installedElectron() ?? (await installElectron());

await ensureRendererBuilt(console.log);
if (!electronBundlesAreCurrent()) {
  console.log('Building the Electron bundles (dist/electron)…');
  await buildElectron();
}

// Ctrl-C reaches Electron too (same process group); wait for it to save and quit.
process.on('SIGINT', () => {});
const exit = await launchElectron(electron, PROJECT_ROOT);
const hint = sandboxFailureHint(exit);
if (hint !== null) console.error(hint);
process.exit(exit.code ?? 1);

async function installElectron(): Promise<string> {
  const version = electronVersion();
  console.log(`Electron ${version} is not installed yet: running its installer…`);
  const run = await runElectronInstaller(PROJECT_ROOT);
  const installed = installedElectron();
  if (installed !== null) return installed;
  console.error(`npm start: ${installerFailure(run, version)}; ${BROWSER_MODE_HINT}`);
  process.exit(1);
}
