// Numbers and times as the views show them.

import { durationParts } from '../../src-core/duration.ts';

export const percent = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)}%`;

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const { total, hours, minutes, seconds: s } = durationParts(seconds);
  if (total < 10) return `${total.toFixed(1)} s`;
  if (total < 60) return `${total} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours === 0 ? `${minutes} min ${pad(s)} s` : `${hours} h ${pad(minutes)} min`;
}

export function dateTime(ms: number | null): string {
  if (ms === null) return '–';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const magnitude = (v: number) => Math.floor(Math.log10(Math.abs(v)) + 1e-9);

/** "1.50e+8" → "1.5e8". */
function shortExponent(text: string): string {
  const [mantissa, exponent] = text.split('e');
  const digits = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${digits}e${Number(exponent)}`;
}

/**
 * A number short enough for an axis tick or a table cell, whatever its size: plain decimals from
 * 0.001 up to 9999, an exponent outside ("1.9e8", "2e-4"). `step` (e.g. the distance between
 * ticks) says how many digits tell neighbours apart; without one two significant digits are shown.
 */
export function shortNumber(v: number, step?: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const m = magnitude(v);
  const s = step === undefined || !(step > 0) ? m - 1 : magnitude(step);
  if (m >= 4 || m < -3) return shortExponent(v.toExponential(Math.min(3, Math.max(0, m - s))));
  return String(Number(v.toFixed(Math.min(12, Math.max(0, -s)))));
}

/** A loss to four significant digits: 2.303, 0.0123, and a diverged run's 1.9e8. */
export const loss = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : shortNumber(x, Math.abs(x) * 1e-3);
