// npx node scripts/kernel-speed.ts: GFLOPS of every product of a training step on the TypeScript
// and the WebAssembly backends (a batch-64 step of 784-128-64-10, and a 1000-row chunk of the
// Article net's full batch, 784-32-16-10), then whole-step times. Ratios come from one run: the
// machine is shared, so absolute numbers drift between runs.

import { loadMnist } from '../src-main/data/load.ts';
import { kernelGflops, stepMs, stepShapes } from '../src-main/bench/kernel-speed.ts';
import { loadKernels } from '../src-main/wasm-build.ts';
import { TypeScriptBackend } from '../src-core/kernels.ts';
import { chooseBackend } from '../src-core/wasm/choose.ts';

const { train } = loadMnist();
const choice = chooseBackend(await loadKernels('single', (line) => console.error(line)));
console.log(`backend: ${choice.reason}`);
const backends = [new TypeScriptBackend('float32'), choice.backend];
const WORKLOADS = [
  { name: 'batch-64 step of 784-128-64-10', sizes: [784, 128, 64, 10], batch: 64 },
  {
    name: 'Article full batch, one 1000-row chunk of 784-32-16-10',
    sizes: [784, 32, 16, 10],
    batch: 1000,
  },
];
const cell = (s: string | number, width: number): string => String(s).padStart(width);

for (const { name, sizes, batch } of WORKLOADS) {
  console.log(`\n${name}`);
  console.log(
    `${'kernel'.padEnd(8)} ${'(m, k, n)'.padEnd(16)} ${'product'.padEnd(16)} ${backends.map((b) => cell(`${b.name} GFLOPS`, 20)).join(' ')} ${cell('ratio', 7)}`,
  );
  for (const shape of stepShapes(sizes, batch)) {
    const rates = backends.map((b) => kernelGflops(b, shape, train));
    console.log(
      `${shape.kernel.padEnd(8)} ${`(${shape.sizes.join(', ')})`.padEnd(16)} ${shape.label.padEnd(16)} ${rates.map((r) => cell(r.toFixed(2), 20)).join(' ')} ${cell((rates[1] / rates[0]).toFixed(1) + '×', 7)}`,
    );
  }
  const first = stepShapes(sizes, batch)[0];
  const skip = backends.map(
    (b) => kernelGflops(b, first, train) / kernelGflops(b, first, train, { dense: true }),
  );
  console.log(
    `zero-skipping, ${first.label} on MNIST images against a dense input: ${backends.map((b, i) => `${b.name} ${skip[i].toFixed(1)}× faster`).join(', ')}`,
  );
  const times = backends.map((b) => stepMs(b, sizes, batch, train));
  console.log(
    `whole step (forward, cross-entropy, backward, Adam): ${backends.map((b, i) => `${b.name} ${times[i].toFixed(3)} ms`).join(', ')}; ${(times[0] / times[1]).toFixed(1)}× faster`,
  );
}
