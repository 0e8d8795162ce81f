// The bench's reference runner: a missing interpreter or module is a note naming which (the bench
// prints it and skips the column); a present one runs the script and its last JSON line is read.
// Fake interpreters (shell scripts) stand in for Python, so these run on any machine; the real
// scripts run briefly where their interpreter has the module.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  REFERENCES,
  ReferenceRuns,
  referenceMissing,
  runReference,
  type Reference,
} from '../../../src-main/bench/reference.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'backprop-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake interpreter: a shell script running `body`. */
function interpreter(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const torchWith = (python: string): Reference => ({ ...REFERENCES.torch, python });

describe('referenceMissing', () => {
  it('names an interpreter that is not there', () => {
    const python = path.join(dir, 'no-such-python3');
    expect(referenceMissing(torchWith(python))).toMatch(
      new RegExp(`^PyTorch reference skipped: ${python} not found \\(.*ENOENT.*\\)$`),
    );
  });

  it('names the module an interpreter cannot import', () => {
    const python = interpreter('python-without-torch', 'exit 1');
    expect(referenceMissing(torchWith(python))).toBe(
      `PyTorch reference skipped: ${python} has no torch (import torch failed)`,
    );
  });

  it('is null when the interpreter imports the module', () => {
    expect(referenceMissing(torchWith(interpreter('python-with-torch', 'exit 0')))).toBeNull();
  });
});

describe('runReference', () => {
  it('runs the script on the MNIST files and reads its last JSON line', () => {
    const python = interpreter(
      'python-answering',
      [
        'echo "{\\"args\\": \\"$*\\"}"',
        'echo \'{"mode":"minibatch","samplesPerSecond":1234.5,"library":"torch 1.13","blas":[]}\'',
      ].join('\n'),
    );
    expect(runReference(torchWith(python), ['minibatch', '--seconds', '1'])).toEqual({
      mode: 'minibatch',
      samplesPerSecond: 1234.5,
      library: 'torch 1.13',
      blas: [],
    });
  });

  it('says which reference failed, and why', () => {
    const python = interpreter('python-failing', 'echo "Traceback: out of memory" >&2; exit 1');
    expect(() => runReference(torchWith(python), ['fullbatch'])).toThrow(
      /^PyTorch reference \(.*python-failing torch_reference\.py fullbatch\) failed: Traceback: out of memory/,
    );
  });
});

describe('ReferenceRuns', () => {
  it('skips a missing reference, runs the other, and says what each ran on', () => {
    const numpy = interpreter(
      'python-with-numpy',
      [
        'if [ "$1" = -c ]; then exit 0; fi',
        'echo \'{"mode":"fullbatch","iterationsPerSecond":17.5,"library":"numpy 2.4.6",' +
          '"blas":["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"]}\'',
      ].join('\n'),
    );
    const absent = path.join(dir, 'no-python-here');
    const runs = new ReferenceRuns({
      numpy: { ...REFERENCES.numpy, python: numpy },
      torch: torchWith(absent),
    });
    expect(runs.missing.numpy).toBeNull();
    expect(runs.missing.torch).toMatch(/^PyTorch reference skipped: .*no-python-here not found/);
    expect(runs.about().numpy).toEqual({ found: false, about: 'numpy not run' });
    expect(runs.rates(['fullbatch'], 'iterationsPerSecond')).toEqual({ numpy: 17.5, torch: null });
    expect(runs.about()).toEqual({
      numpy: {
        found: true,
        about: `numpy 2.4.6 under ${numpy}, BLAS openblas-pthread/libblas.so.3`,
      },
      torch: { found: false, about: runs.missing.torch },
    });
  });
});

// The real scripts, a fraction of a second of training each, where their Python has the module.
describe.each(Object.values(REFERENCES))('$label reference', (ref) => {
  it.skipIf(referenceMissing(ref) !== null)(
    'prints a minibatch line with its rate, library and BLAS',
    () => {
      const line = runReference(ref, [
        'minibatch',
        '--layers',
        '784,16,10',
        '--seconds',
        '0.2',
        '--warmup',
        '0',
      ]);
      expect(line).toMatchObject({ mode: 'minibatch', layers: [784, 16, 10], batch: 64 });
      expect(line.samplesPerSecond).toBeGreaterThan(0);
      expect(line.library).toMatch(new RegExp(`^${ref.module} \\d`));
      expect(Array.isArray(line.blas)).toBe(true);
    },
    60_000,
  );
});
