// How a test's p-value reads: three significant digits, and "< 0.001" below that, where more
// digits would claim a precision the test does not have.

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(3)));
}
