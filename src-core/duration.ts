// How long something took, split for display. Rounded once, before splitting, to what is shown
// (tenths under ten seconds, whole seconds above), so no part ever reads 60.

export interface DurationParts {
  /** The whole duration as shown, in seconds. */
  readonly total: number;
  readonly hours: number;
  /** 0–59 */
  readonly minutes: number;
  /** 0–59 (with tenths under ten seconds). */
  readonly seconds: number;
}

export function durationParts(seconds: number): DurationParts {
  const total = seconds < 9.95 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
  return {
    total,
    hours: Math.floor(total / 3600),
    minutes: Math.floor(total / 60) % 60,
    seconds: total < 60 ? total : total % 60,
  };
}
