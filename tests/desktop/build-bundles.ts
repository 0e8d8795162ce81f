// Vitest global setup for the desktop-wiring tests: the renderer and the Electron bundles, built
// once before any of them starts, because those tests run the real built files.
import { buildElectron } from '../../scripts/build-electron.ts';
import { ensureRendererBuilt } from '../../src-main/renderer-build.ts';

export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
  await buildElectron();
}
