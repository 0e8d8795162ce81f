// npx node scripts/kernel-speed.ts: GFLOPS of every product of a training step on the TypeScript
// backend and on the WebAssembly one with one and with two threads (a batch-64 step of
// 784-128-64-10, and a 1000-row chunk of the Article net's full batch, 784-32-16-10), what
// zero-skipping saves, then whole-step times. Ratios (to TypeScript) come from one run: the
// machine is shared, so absolute numbers drift between runs.

import { setTimeout as sleep } from 'node:timers/promises';
import { architectureOf } from '../src-core/architecture.ts';
import { PRESETS } from '../src-core/presets.ts';
import { loadMnist } from '../src-main/data/load.ts';
import { kernelGflops, stepMs, stepShapes } from '../src-main/bench/kernel-speed.ts';
import { loadKernels } from '../src-main/wasm-build.ts';
import { startHelperThread } from '../src-main/wasm-threads.ts';
import type { Backend } from '../src-core/backend.ts';
import { TypeScriptBackend } from '../src-core/kernels.ts';
import { chooseBackend } from '../src-core/wasm/choose.ts';
import type { WasmBackend } from '../src-core/wasm/backend.ts';

const { train } = loadMnist();
const single = await loadKernels('single', (line) => console.error(line));
const one = chooseBackend(single);
const two = chooseBackend(single, {
  twoThreads: { kernels: await loadKernels('shared'), start: startHelperThread },
});
console.log(`backends: ${one.reason}; ${two.reason}`);
for (let waited = 0; (two.backend as WasmBackend).threads !== 2 && waited < 100; waited++)
  await sleep(50);
const BACKENDS: { label: string; backend: Backend }[] = [
  { label: 'TypeScript', backend: new TypeScriptBackend('float32') },
  { label: 'WASM 1 thread', backend: one.backend },
  { label: `WASM ${(two.backend as WasmBackend).threads} threads`, backend: two.backend },
];
const sizesOf = (layers: readonly number[]): number[] => architectureOf({ layers }, train);
const WORKLOADS = [
  { sizes: sizesOf([128, 64]), batch: 64, what: 'batch-64 step' },
  {
    sizes: sizesOf(PRESETS.article.layers),
    batch: 1000,
    what: 'Article full batch, one 1000-row chunk',
  },
].map((w) => ({ ...w, name: `${w.what} of ${w.sizes.join('-')}` }));
const W = 16;
const cell = (s: string): string => s.padStart(W);
/** Each value, and its ratio to the first (TypeScript): "12.34 (5.6×)". */
const withRatios = (values: number[], digits: number, inverse = false): string =>
  values
    .map((v, i) =>
      cell(
        i === 0
          ? v.toFixed(digits)
          : `${v.toFixed(digits)} (${(inverse ? values[0] / v : v / values[0]).toFixed(1)}×)`,
      ),
    )
    .join(' ');

for (const { name, sizes, batch } of WORKLOADS) {
  console.log(`\n${name}: GFLOPS (× TypeScript)`);
  console.log(
    `${'kernel'.padEnd(8)} ${'(m, k, n)'.padEnd(16)} ${'product'.padEnd(16)} ${BACKENDS.map((b) => cell(b.label)).join(' ')}`,
  );
  for (const shape of stepShapes(sizes, batch)) {
    const rates = BACKENDS.map((b) => kernelGflops(b.backend, shape, train));
    console.log(
      `${shape.kernel.padEnd(8)} ${`(${shape.sizes.join(', ')})`.padEnd(16)} ${shape.label.padEnd(16)} ${withRatios(rates, 2)}`,
    );
  }
  const first = stepShapes(sizes, batch)[0];
  const skip = BACKENDS.map(
    (b) =>
      kernelGflops(b.backend, first, train) /
      kernelGflops(b.backend, first, train, { dense: true }),
  );
  console.log(
    `zero-skipping: ${first.label} on MNIST images is ${BACKENDS.map((b, i) => `${skip[i].toFixed(1)}× (${b.label})`).join(', ')} faster than on an input without zeros`,
  );
  const times = BACKENDS.map((b) => stepMs(b.backend, sizes, batch, train));
  console.log(
    `${'whole step, ms: forward, cross-entropy, backward, Adam'.padEnd(42)} ${withRatios(times, 3, true)}`,
  );
}
(two.backend as WasmBackend).close();
