// `serve` with a fixed token from BACKPROP_LAB_TOKEN (so open tabs survive a restart): a token too
// short to be a secret is refused before anything starts, naming the variable.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/errors.ts';
import { serveCommand } from '../../../src-main/cli/serve.ts';
import { tempDir } from '../services/fixtures.ts';

afterEach(() => {
  delete process.env.BACKPROP_LAB_TOKEN;
});

describe('serve: BACKPROP_LAB_TOKEN', () => {
  it.each(['', 'short'])('refuses the token %j, saying what it expects', async (token) => {
    process.env.BACKPROP_LAB_TOKEN = token;
    const started = serveCommand([
      '--port',
      '0',
      '--db',
      join(tempDir('bpl-token-'), 'runs.sqlite'),
    ]);
    await expect(started).rejects.toThrow(UsageError);
    await expect(started).rejects.toThrow('BACKPROP_LAB_TOKEN: expected at least 16 characters');
  });
});
