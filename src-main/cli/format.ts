// Text formatting for the terminal: numbers, durations, a progress bar, a confusion matrix, and
// stored text made safe to print.

import { durationParts } from '../../src-core/duration.ts';
import { CHANCE_MARGIN } from '../../src-core/divergence.ts';
import type { Summary } from '../../src-core/stats/summary.ts';

// C0 controls and DEL, C1 controls (U+0080–U+009F: 0x9b is a one-byte CSI to many terminals), and
// the bidirectional overrides that make text read differently from what it is ("Trojan source").
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the database (names, notes, tags, errors, dataset names) as it may be printed: any
 * control character becomes a visible escape (ESC → \x1b), so a name cannot move the cursor,
 * retitle or clear the terminal, or hide what follows. `multiline` keeps line breaks (notes).
 */
export function printable(text: string, multiline = false): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    if (multiline && c === '\n') return c;
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `value` as one line of JSON that is also safe on a terminal: JSON.stringify escapes C0
 * controls but leaves C1 and the bidi overrides raw; these become \\u escapes too, so the line
 * still parses to the same value. */
export function jsonLine(value: object): string {
  return JSON.stringify(value).replace(
    UNPRINTABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What to say about a finished run whose test accuracy is at chance (see atChance). */
export function chanceNote(classes: number): string {
  return (
    `At chance: no better than guessing (${percent(1 / classes)} for ${classes} digits), give ` +
    `or take ${CHANCE_MARGIN * 100} points; the network is stuck (dead units, or a learning ` +
    'rate far too high or too low). If the loss jumped early, lower the learning rate 10×.'
  );
}

export const percent = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)}%`;
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const { total, hours, minutes, seconds: s } = durationParts(seconds);
  if (total < 10) return `${total.toFixed(1)}s`;
  if (total < 60) return `${total}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours === 0 ? `${minutes}m${pad(s)}s` : `${hours}h${pad(minutes)}m`;
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

/** A table with a header row; columns padded to their widest cell, numbers right-aligned. Every
 * cell is made printable, as cells often hold stored text. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((v) => printable(String(v))))];
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

/** "97.50% ± 0.42%" (the spread in the same unit), or just the mean of one; "–" for none. */
export function meanStd(s: Summary | null, show: (x: number) => string): string {
  if (s === null) return '–';
  return s.std === null ? show(s.mean) : `${show(s.mean)} ± ${show(s.std)}`;
}
