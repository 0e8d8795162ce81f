// Arithmetic behind the confusion-matrix views: rows are true digits, columns predicted ones.

export type Matrix = readonly (readonly number[])[];

/** Each row divided by its sum: the share of each true digit read as each digit (0 for an
 * empty row, so a class with no test images shows no colour rather than NaN). */
export function rowRates(m: Matrix): number[][] {
  return m.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total === 0 ? 0 : v / total));
  });
}

/** A − B, cell by cell. */
export function difference(a: Matrix, b: Matrix): number[][] {
  return a.map((row, i) => row.map((v, j) => v - (b[i]?.[j] ?? 0)));
}

/** Colour intensity in [0, 1] per cell. Right answers (the diagonal) dwarf the mistakes, so the
 * two are scaled separately: each against the largest of its own kind. */
export function intensities(values: Matrix): number[][] {
  let diagonal = 0;
  let off = 0;
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      if (i === j) diagonal = Math.max(diagonal, Math.abs(v));
      else off = Math.max(off, Math.abs(v));
    }),
  );
  return values.map((row, i) =>
    row.map((v, j) => {
      const max = i === j ? diagonal : off;
      return max === 0 ? 0 : Math.abs(v) / max;
    }),
  );
}

/** Intensity in [0, 1] for a difference matrix: one scale for all cells, by absolute size. */
export function differenceIntensities(d: Matrix): number[][] {
  const max = Math.max(0, ...d.flat().map(Math.abs));
  return d.map((row) => row.map((v) => (max === 0 ? 0 : Math.abs(v) / max)));
}
