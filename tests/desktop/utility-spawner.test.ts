// The app's utilityProcess spawner under the electron stand-in, which drops a child's output
// listeners at exit as Electron does: a crash's last words must still reach the run's error.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const REGISTER = fileURLToPath(new URL('./stand-in/register.ts', import.meta.url));
const REPORT = fileURLToPath(new URL('./fixtures/spawn-report.ts', import.meta.url));
const CRASHING = fileURLToPath(new URL('./fixtures/crashing-worker.mjs', import.meta.url));

it('keeps what a training process wrote to stderr as it crashed', () => {
  const result = spawnSync(process.execPath, ['--import', REGISTER, REPORT, CRASHING], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
    code: number;
    detail: string;
  };
  expect(report.code).toBe(3);
  expect(report.detail).toBe('RangeError: Array buffer allocation failed (epoch 3)');
});
