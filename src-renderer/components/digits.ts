// Small helpers for showing a model's answer for one image.

export interface Guess {
  readonly digit: number;
  readonly p: number;
}

/** The `n` most probable digits, most probable first (lower digit first on a tie). */
export function topGuesses(probabilities: readonly number[], n: number): Guess[] {
  return probabilities
    .map((p, digit) => ({ digit, p }))
    .sort((a, b) => b.p - a.p || a.digit - b.digit)
    .slice(0, n);
}
