// The built renderer that browser mode serves (dist/renderer). `serve` builds it when it is
// missing or older than its sources, so a fresh checkout needs no separate build step.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const SOURCES = [join(ROOT, 'src-renderer'), join(ROOT, 'src-core'), join(ROOT, 'vite.config.ts')];

/** The latest modification time of a file, or of anything inside a folder. */
export function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function rendererIsCurrent(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((s) => !existsSync(s) || newest(s) <= built);
}

/** Builds the renderer with Vite unless the build is current; returns its folder. */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<string> {
  if (rendererIsCurrent()) return RENDERER_DIR;
  log('Building the renderer (once, after each change to its sources)…');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return RENDERER_DIR;
}
