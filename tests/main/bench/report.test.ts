// The bench's report as the README's performance block and as JSON lines: written from the
// numbers given, Prettier-stable (the README is checked by `npm run lint`), and refused with a
// clear error when the README has no block to take it.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  jsonLines,
  readmeBlock,
  thisMachine,
  withPerformanceTable,
  type BenchReport,
} from '../../../src-main/bench/report.ts';

const REPORT: BenchReport = {
  date: '2026-12-01',
  machine: { cpu: 'Test CPU @ 3.0GHz', cores: 2, node: 'v24.0.0', load: 0.42 },
  backend: 'wasm-simd, 1 thread',
  references: {
    numpy: { found: true, about: 'numpy 2.4.6 under python3, BLAS openblas/libopenblas.so' },
    torch: { found: false, about: 'PyTorch reference skipped: /usr/bin/python3 has no torch' },
  },
  training: [
    {
      name: '784-128-64-10, Adam, batch 64',
      unit: 'samples/s',
      ours: 120_000,
      outsideProducts: 0.25,
      backend: 'wasm-simd, 2 threads',
      references: { numpy: 60_000, torch: null },
    },
    {
      name: 'Article preset, full batch (59,000 images)',
      unit: 'iterations/s',
      ours: 9.5,
      outsideProducts: 0.4,
      backend: 'wasm-simd, 2 threads',
      references: { numpy: 19, torch: null },
    },
  ],
  kernels: [
    {
      workload: '784-128-64-10 batch 64',
      products: [{ kernel: 'gemmNN', sizes: [64, 784, 128], label: 'x·W 784→128', gflops: 64.2 }],
      stepMs: 0.5,
    },
  ],
  drawing: [{ preset: 'quick', sizes: [784, 128, 64, 10], ms: 1.25, readMs: 1.2, forwardMs: 0.02 }],
  list: { runs: 10_000, ms: 31.8 },
};

const README = '# App\n\n## Performance\n\nProse.\n\n<!-- performance -->\n<!-- /performance -->\n';

describe('the performance block', () => {
  it('names this machine as Node sees it', () => {
    const machine = thisMachine();
    expect(machine).toMatchObject({ cores: cpus().length, node: process.version });
    expect(machine.cpu).not.toBe('');
    expect(machine.load).toBeGreaterThanOrEqual(0);
  });

  it('holds the date, the machine and what each column ran on', () => {
    const lines = readmeBlock(REPORT).split('\n\n')[0].split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines.join(' ')).toBe(
      'Measured by `npm run bench -- --readme` on 2026-12-01: Test CPU @ 3.0GHz, 2 cores, Node ' +
        'v24.0.0, load average 0.4 at the start; kernels measured on wasm-simd, 1 thread; numpy 2.4.6 under python3, BLAS ' +
        'openblas/libopenblas.so; PyTorch reference skipped: /usr/bin/python3 has no torch.',
    );
  });

  it('writes the given results: rates, ratios, a skipped column, the share outside products', () => {
    const block = readmeBlock(REPORT);
    expect(block).toMatch(
      /\| 784-128-64-10, Adam, batch 64 +\| wasm-simd, 2 threads +\| 120,000 samples\/s +\| 60,000 samples\/s +\| skipped +\| 2\.00 +\| – +\| 25% +\|/,
    );
    expect(block).toMatch(
      /\| Article preset, full batch \(59,000 images\) +\| wasm-simd, 2 threads +\| 9\.50 iterations\/s +\| 19\.00 iterations\/s +\| skipped +\| 0\.50 +\| – +\| 40% +\|/,
    );
    // 2·64·784·128 flops at 64.2 GFLOPS: 200 µs.
    expect(block).toMatch(/\| x·W 784→128 +\| gemmNN +\| \(64, 784, 128\) +\| 64\.2 +\| 200 +\|/);
    expect(block).toMatch(/\| whole step \(cross-entropy, Adam\) +\| +\| +\| +\| 500 +\|/);
    expect(block).toMatch(
      /\| quick +\| 784-128-64-10 +\| 1\.25 ms +\| 1\.20 ms +\| 0\.02 ms +\| 5 ms +\|/,
    );
    expect(block).toContain('`list` of 10,000 stored runs: 31.8 ms (limit 100 ms).');
  });

  it('goes between the README’s markers, as Prettier would format it', async () => {
    const written = withPerformanceTable(README, REPORT);
    expect(written).toBe(
      `# App\n\n## Performance\n\nProse.\n\n<!-- performance -->\n\n${readmeBlock(REPORT)}\n\n<!-- /performance -->\n`,
    );
    expect(withPerformanceTable(written, REPORT)).toBe(written);
    const options = await resolveConfig(new URL('../../../README.md', import.meta.url));
    expect(await format(written, { ...options, parser: 'markdown' })).toBe(written);
  });

  it('is refused by a README without the markers, before anything is written', () => {
    expect(() => withPerformanceTable('# App\n', REPORT)).toThrow(
      'README.md has no <!-- performance --> … <!-- /performance --> block',
    );
  });

  it('has its markers in the real README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(() => withPerformanceTable(readme, REPORT)).not.toThrow();
  });
});

describe('bench --json', () => {
  it('prints one line per measurement, ratios computed, skipped references null', () => {
    const lines = jsonLines(REPORT) as Record<string, unknown>[];
    expect(lines.map((l) => l.type)).toEqual([
      'machine',
      'bench',
      'bench',
      'kernel',
      'step',
      'drawing',
      'list',
    ]);
    expect(lines[0]).toMatchObject({
      date: '2026-12-01',
      cores: 2,
      backend: 'wasm-simd, 1 thread',
    });
    expect(lines[1]).toEqual({
      type: 'bench',
      name: '784-128-64-10, Adam, batch 64',
      backend: 'wasm-simd, 2 threads',
      unit: 'samples/s',
      ours: 120_000,
      numpy: 60_000,
      torch: null,
      oursPerNumpy: 2,
      oursPerTorch: null,
      outsideProducts: 0.25,
    });
    expect(lines[3]).toMatchObject({ kernel: 'gemmNN', sizes: [64, 784, 128], gflops: 64.2 });
    expect(lines[5]).toMatchObject({ preset: 'quick', ms: 1.25, limit: 5 });
    expect(lines[6]).toEqual({ type: 'list', runs: 10_000, ms: 31.8, unit: 'ms', limit: 100 });
    for (const line of lines) expect(JSON.parse(JSON.stringify(line))).toEqual(line);
  });
});
