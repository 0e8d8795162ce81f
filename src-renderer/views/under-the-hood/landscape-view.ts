// How the landscape views draw the back end's results: the lines as loss and accuracy curves
// over α (with their ends marked), the barrier in words, and the 2D map's colours and the
// training path's place on it.

import type { Aligned } from '../../components/charts/align.ts';
import type { ChartMarker, ChartSeries } from '../../components/charts/chart-types.ts';
import type {
  Landscape1D,
  Landscape2D,
  LandscapeBetween,
  LinePath,
} from '../../../src-main/contract/landscape.ts';
import { loss as lossText } from '../../lib/format.ts';

export interface LineCurves {
  readonly curves: { readonly loss: Aligned; readonly accuracy: Aligned };
  readonly series: ChartSeries[];
  readonly markers: ChartMarker[];
  readonly summary: { readonly loss: string; readonly accuracy: string };
}

const peak = (values: readonly number[]) => Math.max(...values);

/** The line from the initial to the final weights (1D), or between two runs' final weights. */
export function lineCurves(result: Landscape1D | LandscapeBetween): LineCurves {
  const paths: [string, LinePath][] =
    result.kind === '1d'
      ? [['Straight line', result.path]]
      : [
          ['As trained', result.unaligned],
          ...(result.aligned === null
            ? []
            : [['Units aligned', result.aligned] as [string, LinePath]]),
        ];
  const series = paths.map(([label], i) => ({
    label,
    color: `--series-${i + 1}`,
    points: true,
    ...(i === 1 ? { dash: [6, 4] } : {}),
  }));
  const curves = {
    loss: [result.alphas, ...paths.map(([, p]) => p.loss)] as Aligned,
    accuracy: [result.alphas, ...paths.map(([, p]) => p.accuracy)] as Aligned,
  };
  const ends = result.kind === '1d' ? ['initial', 'final'] : ['this run', `run #${result.other}`];
  const markers = [
    { x: 0, label: ends[0] },
    { x: 1, label: ends[1] },
  ];
  const loss = paths
    .map(
      ([label, p]) =>
        `${label}: highest loss ${lossText(peak(p.loss))}, barrier ${lossText(p.barrier)}`,
    )
    .join('; ');
  const accuracy = paths
    .map(
      ([label, p]) =>
        `${label}: accuracy from ${percentText(Math.min(...p.accuracy))} to ${percentText(peak(p.accuracy))}`,
    )
    .join('; ');
  return { curves, series, markers, summary: { loss, accuracy } };
}

const percentText = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The barrier in words: how much higher the path climbs than its ends, and how much of it
 * alignment removed. */
export function barrierText(result: Landscape1D | LandscapeBetween): string {
  if (result.kind === '1d')
    return `On the way the loss rises at most ${lossText(result.path.barrier)} above the mean of its ends.`;
  const { unaligned, aligned } = result;
  if (aligned === null)
    return `Between the two runs the loss rises ${lossText(unaligned.barrier)} above the mean of its ends.`;
  const share = unaligned.barrier > 0 ? 1 - aligned.barrier / unaligned.barrier : 0;
  return (
    `Between the two runs the loss rises ${lossText(unaligned.barrier)} above the mean of its ends; ` +
    `with the hidden units aligned first, ${lossText(aligned.barrier)}` +
    (share > 0
      ? `: ${Math.round(share * 100)}% of the barrier was only a permutation of units.`
      : '.')
  );
}

/** A map cell's colour: light for low loss, dark for high, on a log scale (losses span
 * decades around a minimum). `lo` and `hi` are the map's least and greatest loss. */
export function lossColour(loss: number, lo: number, hi: number): string {
  const [l, h, v] = [Math.log(lo), Math.log(hi), Math.log(loss)];
  const t = h > l ? Math.max(0, Math.min(1, (v - l) / (h - l))) : 0;
  // From pale yellow (low) to deep purple (high), through orange and red: a sequential scale
  // that reads in both themes.
  const stops: [number, number, number][] = [
    [252, 253, 191],
    [252, 137, 97],
    [183, 55, 121],
    [81, 18, 124],
    [0, 0, 4],
  ];
  const x = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((s, k) => Math.round(s + (stops[i + 1][k] - s) * f));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
}

/** The map's least and greatest loss. */
export function lossRange(map: Landscape2D): { lo: number; hi: number } {
  const all = map.loss.flat().filter((v) => Number.isFinite(v) && v > 0);
  return { lo: Math.min(...all), hi: Math.max(...all) };
}

/** Where a coordinate sits on an axis of grid values, as a cell position 0 … n−1 (the path
 * may leave the map: its points are then outside that range). */
export function cellPosition(axis: readonly number[], v: number): number {
  const step = (axis[axis.length - 1] - axis[0]) / (axis.length - 1);
  return step === 0 ? 0 : (v - axis[0]) / step;
}
