// The points of the Runs scatter plot: test accuracy against training time or size, one series
// per preset, in the column layout uPlot draws (x ascending, y null where a series has no point).

import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { runSeconds } from './runs-table.ts';

export type ScatterAxis = 'time' | 'parameters';

export const SCATTER_GROUPS = ['article', 'quick', 'best', 'custom'] as const;
export type ScatterGroup = (typeof SCATTER_GROUPS)[number];

export interface ScatterPoint {
  readonly id: number;
  readonly name: string;
  readonly group: ScatterGroup;
  readonly x: number;
  /** Test accuracy in percent. */
  readonly y: number;
}

export interface ScatterData {
  readonly points: ScatterPoint[];
  /** [x, ySeries1, ySeries2, …] with one y array per group, in SCATTER_GROUPS order. */
  readonly columns: [number[], ...(number | null)[][]];
}

/** A run is plotted with the preset it was started from, modified or not (the table's run
 * page says which): a learner's variations on a preset stay beside it. */
function groupOf({ preset }: RunSummary): ScatterGroup {
  return preset === 'article' || preset === 'quick' || preset === 'best' ? preset : 'custom';
}

/** The runs that are completed, with a test accuracy and a positive x, sorted by x. */
export function scatterData(list: readonly RunSummary[], axis: ScatterAxis): ScatterData {
  const points: ScatterPoint[] = [];
  for (const r of list) {
    if (r.status !== 'completed' || r.testAccuracy === null) continue;
    const x = axis === 'time' ? runSeconds(r) : r.parameters;
    if (x === null || !Number.isFinite(x) || x <= 0) continue;
    points.push({ id: r.id, name: r.name, group: groupOf(r), x, y: r.testAccuracy * 100 });
  }
  points.sort((a, b) => a.x - b.x || a.id - b.id);
  const columns: ScatterData['columns'] = [
    points.map((p) => p.x),
    ...SCATTER_GROUPS.map((g) => points.map((p) => (p.group === g ? p.y : null))),
  ];
  return { points, columns };
}

/** The point nearest (cx, cy) in screen pixels within `radius`, or null. */
export function nearestPoint(
  points: readonly ScatterPoint[],
  toPixels: (p: ScatterPoint) => [number, number],
  cx: number,
  cy: number,
  radius: number,
): ScatterPoint | null {
  let best: ScatterPoint | null = null;
  let bestDistance = radius * radius;
  for (const p of points) {
    const [px, py] = toPixels(p);
    const d = (px - cx) ** 2 + (py - cy) ** 2;
    if (d <= bestDistance) {
      best = p;
      bestDistance = d;
    }
  }
  return best;
}

/** Tick steps for a time axis, in seconds: round seconds, minutes and hours. */
export const TIME_STEPS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200,
  86_400,
];

/** A time tick, short: "45 s", "2 min", "1:30 min", "1 h", "1 h 30". */
export function timeTick(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return s % 60 === 0 ? `${m} min` : `${m}:${String(s % 60).padStart(2, '0')} min`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** A parameter-count tick, short: 800, 12.5k, 1.2M. */
export function countTick(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** The data's range with a margin of 8% each side, so no point sits on the frame; a single
 * value gets a span around it. Clamped to [floor, ceiling]. */
export function paddedRange(
  min: number,
  max: number,
  floor = -Infinity,
  ceiling = Infinity,
): [number, number] {
  const margin = min === max ? Math.abs(min) * 0.1 || 1 : (max - min) * 0.08;
  return [Math.max(floor, min - margin), Math.min(ceiling, max + margin)];
}
