// Text formatting for the terminal: numbers, durations, a progress bar, a confusion matrix.

export const percent = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)}%`;
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60
    ? `${m}m${String(s).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function bar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** Rows = true digit, columns = predicted digit; the diagonal is what the network got right. */
export function confusionTable(confusion: number[][]): string {
  const width = Math.max(4, ...confusion.flat().map((n) => String(n).length + 1));
  const cell = (s: string | number): string => String(s).padStart(width);
  const lines = [`true\\pred${confusion.map((_, c) => cell(c)).join('')}`];
  confusion.forEach((row, r) => lines.push(`${String(r).padStart(9)}${row.map(cell).join('')}`));
  return lines.join('\n');
}

/** A table with a header row; columns padded to their widest cell, numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells
    .map((r, i) =>
      r
        .map((v, c) =>
          i > 0 && typeof rows[i - 1][c] === 'number' ? v.padStart(widths[c]) : v.padEnd(widths[c]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
