// `backprop-lab bench` refuses bad flags at once, before minutes of measuring. (A whole run takes
// minutes; its report is tested piece by piece in tests/main/bench/.)

import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const DB = path.join(tmpdir(), 'backprop-bench-cli-unused.sqlite');

describe('backprop-lab bench', () => {
  it.each([
    [['--seconds', '0'], '--seconds must be above 0'],
    [['--iterations', '1.5'], '--iterations a whole number'],
    [['quickly'], "unexpected argument 'quickly'"],
  ])('refuses %j with a usage error', (args, message) => {
    const r = runCli(['bench', ...args], DB);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
