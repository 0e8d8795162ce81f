// uPlot draws "aligned" data: one shared, ascending x array and, per series, a y value (or null)
// for every x. Curves measured at different x (per-batch windows and per-epoch points, or runs
// with different epoch times) are merged here into that shape.

export interface Points {
  /** Ascending. */
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
}

export type Aligned = [number[], ...(number | null)[][]];

/** Merges the series on the union of their x values (a k-way merge, O(n·k)). */
export function align(series: readonly Points[]): Aligned {
  const xs: number[] = [];
  const ys: (number | null)[][] = series.map(() => []);
  const at = series.map(() => 0);
  for (;;) {
    let next = Infinity;
    for (let s = 0; s < series.length; s++) {
      const i = at[s];
      if (i < series[s].x.length && series[s].x[i] < next) next = series[s].x[i];
    }
    if (next === Infinity) break;
    xs.push(next);
    for (let s = 0; s < series.length; s++) {
      const i = at[s];
      if (i < series[s].x.length && series[s].x[i] === next) {
        ys[s].push(series[s].y[i]);
        at[s]++;
      } else ys[s].push(null);
    }
  }
  return [xs, ...ys];
}
