// Each compared run keeps one colour everywhere: its position in the comparison picks a series
// colour of styles.css.

export const MAX_RUNS = 4;

/** The colour token of the i-th run (0-based), e.g. '--series-1'. */
export const runToken = (i: number): string => `--series-${(i % MAX_RUNS) + 1}`;

/** The same as a CSS value, for styles. */
export const runColor = (i: number): string => `var(${runToken(i)})`;
