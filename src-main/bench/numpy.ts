// Runs the numpy reference (bench/numpy_reference.py) with the machine's python3, if it has numpy.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../data/load.ts';

const SCRIPT = fileURLToPath(new URL('../../bench/numpy_reference.py', import.meta.url));

/** null with a reason when python3 or numpy is missing. */
export function numpyAvailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return 'python3 has no numpy';
  return null;
}

export function runNumpy(args: string[]): Record<string, unknown> {
  // These two variables pin an old OpenBLAS code path on some machines and slow a current numpy;
  // the reference should run at its best.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', [SCRIPT, '--data-dir', mnistDir(), ...args], {
    encoding: 'utf8',
    env,
  });
  if (r.status !== 0) throw new Error(`numpy reference failed: ${r.stderr || r.error?.message}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}
