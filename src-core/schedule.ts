// Learning-rate decay: large steps early to move fast, small steps late to settle into a minimum.

export type Schedule =
  | { readonly type: 'constant' }
  /** multiply the rate by `factor` every `every` epochs */
  | { readonly type: 'step'; readonly every: number; readonly factor: number }
  /** follow half a cosine from the full rate at the first epoch down to rate·minFactor at the last */
  | { readonly type: 'cosine'; readonly minFactor: number };

/** Learning rate for epoch e (0-based) of `epochs`. */
export function learningRateAt(
  base: number,
  schedule: Schedule,
  e: number,
  epochs: number,
): number {
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.factor ** Math.floor(e / schedule.every);
    case 'cosine': {
      const t = epochs <= 1 ? 0 : e / (epochs - 1);
      const m = schedule.minFactor;
      return base * (m + ((1 - m) * (1 + Math.cos(Math.PI * t))) / 2);
    }
  }
}
