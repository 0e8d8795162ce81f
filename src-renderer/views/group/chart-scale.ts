// The y scale of the group's charts (drawn as SVG here, since a sweep's x is a list of values
// rather than a number line): a range that holds every value and error bar, with round ticks.

export interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  readonly step: number;
}

/** Round ticks, about `count` of them, spanning [lo, hi] (widened to hold the ticks). */
export function niceScale(lo: number, hi: number, count = 5): Scale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: 0, hi: 1, ticks: [0, 1], step: 1 };
  if (hi - lo < 1e-12) {
    const pad = Math.abs(lo) * 0.01 || 0.01;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= last + step * 1e-6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { lo: first, hi: last, ticks, step };
}
