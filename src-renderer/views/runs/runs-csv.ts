// "Export all as CSV": one row per run with its settings and results, for a spreadsheet or a
// notebook. Fields follow RFC 4180: quoted when they hold a comma, quote or line break, with
// quotes doubled.

import type { TrainConfig } from '../../../src-core/config.ts';
import type { RunSummary } from '../../../src-main/store/types.ts';

/** A run as exported: the listing plus the two settings the listing leaves out. */
export interface ExportedRun {
  readonly run: RunSummary;
  readonly config: Pick<TrainConfig, 'learningRate' | 'batchSize'> | null;
}

const COLUMNS: readonly [string, (e: ExportedRun) => string | number | null][] = [
  ['id', (e) => e.run.id],
  ['name', (e) => e.run.name],
  ['status', (e) => e.run.status],
  ['preset', (e) => e.run.preset],
  ['architecture', (e) => e.run.architecture],
  ['parameters', (e) => e.run.parameters],
  ['optimizer', (e) => e.run.optimizer],
  ['learning_rate', (e) => e.config?.learningRate ?? null],
  ['batch', (e) => e.config?.batchSize ?? null],
  ['epochs_done', (e) => e.run.epochsDone],
  ['epochs', (e) => e.run.epochs],
  ['test_accuracy', (e) => e.run.testAccuracy],
  ['test_loss', (e) => e.run.testLoss],
  ['train_seconds', (e) => e.run.trainSeconds],
  ['samples_per_second', (e) => e.run.samplesPerSecond],
  ['created', (e) => new Date(e.run.createdAt).toISOString()],
];

/** One CSV field. Empty for a missing value. A text starting like a formula (=, +, -, @) gets a
 * leading apostrophe, so a spreadsheet shows a run named "=1+1" instead of running it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function runsCsv(runs: readonly ExportedRun[]): string {
  const lines = [
    COLUMNS.map(([name]) => name).join(','),
    ...runs.map((e) => COLUMNS.map(([, value]) => csvField(value(e))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** backprop-lab-runs-2025-01-31.csv */
export function csvFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `backprop-lab-runs-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/** Calls `task` on every item with at most `limit` calls in flight, keeping the order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  onDone?: (done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
