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

export const loss = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(4);
