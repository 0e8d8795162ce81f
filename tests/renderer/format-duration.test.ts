// Durations as the app and the CLI print them: rounded once, so a minute never shows 60 s.
import { describe, expect, it } from 'vitest';
import { duration as cliDuration } from '../../src-main/cli/format.ts';
import { duration } from '../../src-renderer/lib/format.ts';

describe('duration', () => {
  it('rounds before splitting into minutes and seconds', () => {
    expect(duration(119.6)).toBe('2 min 00 s');
    expect(duration(59.6)).toBe('1 min 00 s');
    expect(duration(3599.7)).toBe('1 h 00 min');
    expect(cliDuration(119.6)).toBe('2m00s');
    expect(cliDuration(59.6)).toBe('1m00s');
  });

  it('keeps tenths under ten seconds and whole seconds up to a minute', () => {
    expect(duration(9.94)).toBe('9.9 s');
    expect(duration(42.4)).toBe('42 s');
    expect(duration(61)).toBe('1 min 01 s');
    expect(duration(7384)).toBe('2 h 03 min');
    expect(cliDuration(9.94)).toBe('9.9s');
    expect(cliDuration(7384)).toBe('2h03m');
  });
});
