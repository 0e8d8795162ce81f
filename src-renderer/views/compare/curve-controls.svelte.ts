// What the learner set for Compare's curves: the x axis, a group's band and members, smoothing.
// One instance per Compare view, read by the charts and by the PNG/SVG export, so a file shows
// what the screen shows.

import type { Smoothing } from '../../components/charts/smoothing.ts';
import { duration } from '../../lib/format.ts';
import type { XAxis } from './compare.ts';
import type { BandKind, CurveOptions } from './entry-curves.ts';

export type SmoothingKind = Smoothing['kind'];

/** How each x axis is named, reads its ticks, and is described to screen readers. */
export const AXES: Record<XAxis, { label: string; format: (v: number) => string; per: string }> = {
  // Epochs are whole: a tick between two (1.5 of a 2-epoch comparison) stays unlabelled.
  epoch: {
    label: 'Epoch',
    format: (v) => (Number.isInteger(v) ? String(v) : ''),
    per: 'by epoch',
  },
  fraction: {
    label: 'Fraction of training',
    format: (v) => `${Math.round(v * 100)}%`,
    per: 'by share of planned epochs done',
  },
  time: { label: 'Wall time', format: duration, per: 'by wall time' },
};

/** The choices the controls offer, as Choice takes them. */
export const AXIS_OPTIONS = [
  { value: 'epoch', label: 'Epoch' },
  { value: 'fraction', label: 'Fraction of training' },
  { value: 'time', label: 'Wall time' },
] as const;
export const SMOOTHING_OPTIONS = [
  { value: 'off', label: 'Off' },
  { value: 'ema', label: 'EMA' },
  { value: 'average', label: 'Moving average' },
] as const;
export const BAND_OPTIONS = [
  { value: 'std', label: '± 1 std' },
  { value: 'range', label: 'Min–max' },
] as const;

export class CurveControls {
  axis = $state<XAxis>('epoch');
  band = $state<BandKind>('std');
  /** Each member of a group as a faint line. */
  members = $state(false);
  smoothingKind = $state<SmoothingKind>('off');
  /** The EMA's weight β. */
  weight = $state(0.6);
  /** The moving average's window, in points (epochs). */
  window = $state(3);

  smoothing: Smoothing = $derived.by(() => {
    if (this.smoothingKind === 'ema') return { kind: 'ema', weight: this.weight };
    if (this.smoothingKind === 'average')
      // The box may be empty or hold a fraction while it is typed in.
      return { kind: 'average', window: Math.max(1, Math.round(Number(this.window) || 1)) };
    return { kind: 'off' };
  });

  options: CurveOptions = $derived({
    axis: this.axis,
    band: this.band,
    members: this.members,
    smoothing: this.smoothing,
  });
}
