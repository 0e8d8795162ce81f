// What one `npm run bench` measured, and the tables it is shown in: on the terminal, as JSON
// lines (--json), and as the README's performance block (--readme). Every number shown anywhere
// comes from a BenchReport, so the README cannot say more than a run measured.

import { cpus, loadavg } from 'node:os';
import { count } from '../cli/format.ts';
import type { DrawingSpeed } from './drawing-speed.ts';
import { DRAWING_LIMIT_MS } from './drawing-speed.ts';
import { LIST_LIMIT_MS } from './list-speed.ts';
import { markdownTable, withBlock } from './readme-block.ts';
import {
  REFERENCE_NAMES,
  REFERENCES,
  type ReferenceAbout,
  type ReferenceName,
} from './reference.ts';

export const README_BLOCK = 'performance';

export interface TrainingRow {
  readonly name: string;
  readonly unit: string;
  readonly ours: number;
  /** Share (0–1) of our measured time spent outside the matrix products. */
  readonly outsideProducts: number;
  /** The backend this training chose, as a run stores it (threads on auto depend on the work). */
  readonly backend: string;
  /** Each reference's rate, null where it was skipped. */
  readonly references: Readonly<Record<ReferenceName, number | null>>;
}

export interface KernelRow {
  readonly kernel: string;
  /** (m, k, n) as the kernel takes them. */
  readonly sizes: readonly number[];
  readonly label: string;
  readonly gflops: number;
}

export interface WorkloadKernels {
  readonly workload: string;
  readonly products: readonly KernelRow[];
  /** One whole step (forward, cross-entropy, backward, Adam), best of several. */
  readonly stepMs: number;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  /** The one-minute load average when the bench started: above the core count, other work
   * was competing for the machine (and numpy's BLAS threads suffer most). */
  readonly load: number;
}

export interface BenchReport {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly machine: Machine;
  /** The backend the kernels' GFLOPS were measured on (the quick preset's choice), as a run
   * stores it, e.g. "wasm-simd, 2 threads". */
  readonly backend: string;
  /** Per reference: what computed it (e.g. "numpy 2.4.6, OpenBLAS"), or the note why skipped. */
  readonly references: Readonly<Record<ReferenceName, ReferenceAbout>>;
  readonly training: readonly TrainingRow[];
  readonly kernels: readonly WorkloadKernels[];
  readonly drawing: readonly DrawingSpeed[];
  readonly list: { readonly runs: number; readonly ms: number };
}

export function thisMachine(): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown CPU',
    cores: all.length,
    node: process.version,
    load: loadavg()[0],
  };
}

const rate = (v: number, unit: string): string => `${v < 100 ? v.toFixed(2) : count(v)} ${unit}`;
const ratio = (ours: number, theirs: number | null): string =>
  theirs === null ? '–' : (ours / theirs).toFixed(2);
const share = (fraction: number): string => `${Math.round(fraction * 100)}%`;
const micros = (ms: number): string => count(ms * 1000);
const ms = (v: number): string => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;

/** Training speed, header first: ours, each reference, the ratios, our share outside products. */
export function trainingTable(report: BenchReport): string[][] {
  const labels = REFERENCE_NAMES.map((r) => REFERENCES[r].label);
  return [
    [
      'benchmark',
      'on',
      'Backprop Lab',
      ...labels,
      ...labels.map((l) => `ours/${l}`),
      'outside products',
    ],
    ...report.training.map((row) => [
      row.name,
      row.backend,
      rate(row.ours, row.unit),
      ...REFERENCE_NAMES.map((r) => {
        const v = row.references[r];
        return v === null ? 'skipped' : rate(v, row.unit);
      }),
      ...REFERENCE_NAMES.map((r) => ratio(row.ours, row.references[r])),
      share(row.outsideProducts),
    ]),
  ];
}

/** GFLOPS of every product of each workload's step, and the whole step's time. */
export function kernelTable(report: BenchReport): string[][] {
  return [
    ['workload', 'product', 'kernel', '(m, k, n)', 'GFLOPS', 'µs'],
    ...report.kernels.flatMap((w) => [
      ...w.products.map((p) => {
        const [m, k, n] = p.sizes;
        return [
          w.workload,
          p.label,
          p.kernel,
          `(${p.sizes.join(', ')})`,
          p.gflops.toFixed(1),
          micros((2 * m * k * n) / (p.gflops * 1e6)),
        ];
      }),
      [w.workload, 'whole step (cross-entropy, Adam)', '', '', '', micros(w.stepMs)],
    ]),
  ];
}

/** Stroke to probabilities per preset network, beside the limit. */
export function drawingTable(report: BenchReport): string[][] {
  return [
    [
      'drawing pad, preset',
      'network',
      'stroke to probabilities',
      'readDigit',
      'forward pass',
      'limit',
    ],
    ...report.drawing.map((d) => [
      d.preset,
      d.sizes.join('-'),
      ms(d.ms),
      ms(d.readMs),
      ms(d.forwardMs),
      `${DRAWING_LIMIT_MS} ms`,
    ]),
  ];
}

export function listLine(report: BenchReport): string {
  return `\`list\` of ${count(report.list.runs)} stored runs: ${ms(report.list.ms)} (limit ${LIST_LIMIT_MS} ms).`;
}

/** Where the numbers come from: the date, the machine and what each column ran on. */
export function machineLine(report: BenchReport): string {
  const { date, machine, backend, references } = report;
  const refs = REFERENCE_NAMES.map((r) => references[r].about).join('; ');
  return (
    `${date}: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ` +
    `${machine.load.toFixed(1)} at the start; ` +
    `kernels measured on ${backend}; ${refs}.`
  );
}

/** `text` broken into lines of at most `width` characters where it has spaces, as the README's
 * prose is. */
export function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** The README's performance block: what was measured where, then the tables. */
export function readmeBlock(report: BenchReport): string {
  return [
    wrap(`Measured by \`npm run bench -- --readme\` on ${machineLine(report)}`),
    '',
    markdownTable(trainingTable(report)),
    '',
    wrap(
      `GFLOPS of each matrix product on ${report.backend} (the nominal 2·m·k·n, so skipped ` +
        'zeros count as done), and the time of one call:',
    ),
    '',
    markdownTable(kernelTable(report)),
    '',
    markdownTable(drawingTable(report)),
    '',
    listLine(report),
  ].join('\n');
}

/** `readme` with its performance block rewritten from `report`. */
export function withPerformanceTable(readme: string, report: BenchReport): string {
  return withBlock(readme, 'README.md', README_BLOCK, readmeBlock(report));
}

/** The report as JSON lines, one per measurement, for `bench --json`. */
export function jsonLines(report: BenchReport): object[] {
  const { date, machine, backend, references } = report;
  return [
    { type: 'machine', date, ...machine, backend, references },
    ...report.training.map((row) => ({
      type: 'bench',
      name: row.name,
      backend: row.backend,
      unit: row.unit,
      ours: row.ours,
      ...row.references,
      ...Object.fromEntries(
        REFERENCE_NAMES.map((r) => {
          const v = row.references[r];
          return [`oursPer${r[0].toUpperCase()}${r.slice(1)}`, v === null ? null : row.ours / v];
        }),
      ),
      outsideProducts: row.outsideProducts,
    })),
    ...report.kernels.flatMap((w) => [
      ...w.products.map((p) => ({ type: 'kernel', workload: w.workload, ...p })),
      { type: 'step', workload: w.workload, ms: w.stepMs },
    ]),
    ...report.drawing.map((d) => ({ type: 'drawing', ...d, limit: DRAWING_LIMIT_MS })),
    { type: 'list', ...report.list, unit: 'ms', limit: LIST_LIMIT_MS },
  ];
}
