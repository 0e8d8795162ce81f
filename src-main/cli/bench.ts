// `backprop-lab bench` (also `npm run bench`): the complete speed report. The core's training
// speed beside the same algorithm in numpy and in PyTorch, as ratios measured in one run
// (absolute times on a shared machine drift), with the share of its time outside the matrix
// products; GFLOPS of every product on the backend training chooses; the drawing pad's time from
// stroke to probabilities; how fast the history list opens, and groups and filters. `--readme`
// rewrites the README's performance block from the run.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { architectureOf } from '../../src-core/architecture.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { CHUNK } from '../../src-core/train.ts';
import { loadMnist } from '../data/load.ts';
import { drawingSpeed, drawingSpeedProblem } from '../bench/drawing-speed.ts';
import {
  groupFilterJson,
  groupFilterLine,
  groupFilterSpeed,
  groupFilterSpeedProblem,
} from '../bench/group-filter-speed.ts';
import { kernelGflops, stepMs, stepShapes, trainingKernel } from '../bench/kernel-speed.ts';
import {
  landscapeSpeed,
  landscapeSpeedJson,
  landscapeSpeedLine,
  landscapeSpeedProblem,
} from '../bench/landscape-speed.ts';
import { listSpeed, listSpeedProblem } from '../bench/list-speed.ts';
import { findBlock } from '../bench/readme-block.ts';
import { ReferenceRuns } from '../bench/reference.ts';
import {
  drawingTable,
  jsonLines,
  kernelTable,
  listLine,
  machineLine,
  README_BLOCK,
  thisMachine,
  trainingTable,
  withPerformanceTable,
  type BenchReport,
  type TrainingRow,
  type WorkloadKernels,
} from '../bench/report.ts';
import { fullBatchSpeed, miniBatchSpeed, onChosenBackend } from '../bench/training-speed.ts';
import { jsonLine, table } from './format.ts';
import { UsageError } from './errors.ts';
import { parseFlags } from './train-options.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

export async function benchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: 'boolean' },
    readme: { type: 'boolean' },
    seconds: { type: 'string' },
    iterations: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`bench: unexpected argument '${positionals[0]}'`);
  const seconds = Number(values.seconds ?? 5);
  const iterations = Number(values.iterations ?? 3);
  if (!(seconds > 0) || !Number.isInteger(iterations) || iterations < 1)
    throw new UsageError('bench: --seconds must be above 0 and --iterations a whole number ≥ 1');
  // Before minutes of measuring: a README without the block cannot take the table.
  if (values.readme === true) {
    const found = findBlock(readFileSync(README, 'utf8'), README_BLOCK);
    if ('problem' in found) {
      console.error(`bench: --readme: ${README} ${found.problem}`);
      return 1;
    }
  }
  const machine = thisMachine();
  const progress = values.json === true ? () => {} : (line: string) => console.error(line);

  const references = new ReferenceRuns();
  for (const note of Object.values(references.missing)) if (note !== null) console.error(note);

  const dataset = loadMnist();
  const training: TrainingRow[] = [];
  const sizesOf = (layers: readonly number[]): number[] =>
    architectureOf({ layers }, dataset.train);
  for (const sizes of [sizesOf([32, 16]), sizesOf([128, 64])]) {
    const name = `${sizes.join('-')}, Adam, batch 64`;
    progress(`${name}…`);
    const ours = await miniBatchSpeed(dataset, sizes, seconds);
    training.push({
      name,
      unit: 'samples/s',
      ours: ours.rate,
      outsideProducts: ours.outsideProducts,
      backend: ours.backend,
      references: references.rates(
        ['minibatch', '--layers', sizes.join(','), '--batch', '64', '--seconds', String(seconds)],
        'samplesPerSecond',
      ),
    });
  }
  progress('Article preset, full batch…');
  const full = await fullBatchSpeed(dataset, iterations);
  training.push({
    name: 'Article preset, full batch (59,000 images)',
    unit: 'iterations/s',
    ours: full.rate,
    outsideProducts: full.outsideProducts,
    backend: full.backend,
    references: references.rates(
      ['fullbatch', '--iterations', String(iterations)],
      'iterationsPerSecond',
    ),
  });

  progress('kernels…');
  const { label: backend, workloads: kernels } = await kernelSpeeds(dataset, sizesOf);
  progress('drawing pad…');
  const drawing = drawingSpeed();
  progress('list of stored runs…');
  const list = listSpeed();
  progress('grouping and filtering stored runs…');
  const grouped = groupFilterSpeed();
  progress('loss landscape…');
  const landscape = await landscapeSpeed(dataset);

  const report: BenchReport = {
    date: new Date().toISOString().slice(0, 10),
    machine,
    backend,
    references: references.about(),
    training,
    kernels,
    drawing,
    list,
  };

  if (values.json === true)
    for (const line of [
      ...jsonLines(report),
      groupFilterJson(grouped),
      landscapeSpeedJson(landscape),
    ])
      console.log(jsonLine(line));
  else
    console.log(
      [
        `Measured on ${machineLine(report)}`,
        table(...headed(trainingTable(report))),
        table(...headed(kernelTable(report))),
        table(...headed(drawingTable(report))),
        listLine(report),
        groupFilterLine(grouped),
        landscapeSpeedLine(landscape),
      ].join('\n\n'),
    );
  if (values.readme === true) {
    writeFileSync(README, withPerformanceTable(readFileSync(README, 'utf8'), report));
    console.error(`bench: wrote the performance table in ${README}`);
  }
  const problems = [
    listSpeedProblem(list.ms),
    groupFilterSpeedProblem(grouped),
    landscapeSpeedProblem(landscape),
    ...drawing.map(drawingSpeedProblem),
  ].filter((p) => p !== null);
  for (const p of problems) console.error(`bench: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

const headed = (rows: string[][]): [string[], string[][]] => [rows[0], rows.slice(1)];

/** GFLOPS of every product of the three workloads' steps on the backend training chooses (for
 * the quick preset's config): a batch-64 step of each mini-batch network, and one CHUNK-row chunk
 * of the Article preset's full batch. */
async function kernelSpeeds(
  dataset: Dataset,
  sizesOf: (layers: readonly number[]) => number[],
): Promise<{ label: string; workloads: WorkloadKernels[] }> {
  const set = dataset.train;
  const workloads = [
    { sizes: sizesOf([32, 16]), batch: 64, what: 'batch 64' },
    { sizes: sizesOf([128, 64]), batch: 64, what: 'batch 64' },
    { sizes: sizesOf(PRESETS.article.layers), batch: CHUNK, what: `Article, ${CHUNK}-row chunk` },
  ];
  return onChosenBackend(PRESETS.quick, dataset, ({ backend, label }) => ({
    label,
    workloads: workloads.map(({ sizes, batch, what }) => ({
      workload: `${sizes.join('-')} ${what}`,
      products: stepShapes(sizes, batch).map((shape) => ({
        kernel: trainingKernel(backend, shape, set),
        sizes: shape.sizes,
        label: shape.label,
        gflops: kernelGflops(backend, shape, set),
      })),
      stepMs: stepMs(backend, sizes, batch, set),
    })),
  }));
}
