// Vitest global setup for the browser tests: build the renderer once, before any test starts.
import { ensureRendererBuilt } from '../../src-main/renderer-build.ts';

export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
}
