// Runs the real preload bundle (dist/electron/preload.cjs) as Electron runs a sandboxed preload,
// through the stand-in's renderer half (stand-in/bridge.js), in Node or, as text, in Chromium.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRELOAD_BUNDLE } from './harness.ts';

const BRIDGE = fileURLToPath(new URL('./stand-in/bridge.js', import.meta.url));

export type Invoke = (channel: string, args: unknown[]) => Promise<unknown>;
export type Deliver = (channel: string, args: unknown[]) => void;

/** The script a page runs before its own: the bridge, then the preload inside it. `invoke` is
 * the name of a page function that carries a request to the main process. */
export function preloadScript(invoke: string, deliverKey: string): string {
  return `(() => {
${readFileSync(BRIDGE, 'utf8')}
const deliver = electronStandInPreload(window, (channel, args) => window[${JSON.stringify(invoke)}](channel, args), (require, module, exports) => {
${readFileSync(PRELOAD_BUNDLE, 'utf8')}
});
Object.defineProperty(window, Symbol.for(${JSON.stringify(deliverKey)}), { value: deliver });
})();`;
}

/** Runs the preload against `world` in this Node process; returns what plays events into it. */
export function runPreloadIn(world: object, invoke: Invoke): Deliver {
  const bridge = readFileSync(BRIDGE, 'utf8');
  const preload = readFileSync(PRELOAD_BUNDLE, 'utf8');
  const run = new Function(
    'world',
    'invoke',
    'preloadSource',
    `${bridge}
return electronStandInPreload(world, invoke, (require, module, exports) =>
  new Function('require', 'module', 'exports', preloadSource)(require, module, exports));`,
  ) as (world: object, invoke: Invoke, preloadSource: string) => Deliver;
  return run(world, invoke, preload);
}
