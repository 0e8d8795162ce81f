// Runs the reference implementations of the benchmark (bench/numpy_reference.py and
// bench/torch_reference.py, the same training in numpy and in PyTorch) with their interpreters:
// the machine's python3 for numpy, Debian's /usr/bin/python3 for its python3-torch. Where the
// interpreter or its module is missing, the bench skips that column with a note saying which.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../data/load.ts';

const BENCH = fileURLToPath(new URL('../../bench/', import.meta.url));
/** A reference may take long (PyTorch with Debian's generic BLAS does a full batch in seconds);
 * past this it is stopped rather than left to hang the bench. */
const TIMEOUT_MS = 10 * 60_000;

export interface Reference {
  /** As the bench's table heads its column. */
  readonly label: string;
  readonly python: string;
  /** The module the script needs, which the interpreter must import. */
  readonly module: string;
  readonly script: string;
}

export const REFERENCES = {
  numpy: {
    label: 'numpy',
    python: 'python3',
    module: 'numpy',
    script: path.join(BENCH, 'numpy_reference.py'),
  },
  torch: {
    label: 'PyTorch',
    python: '/usr/bin/python3',
    module: 'torch',
    script: path.join(BENCH, 'torch_reference.py'),
  },
} as const satisfies Record<string, Reference>;

export type ReferenceName = keyof typeof REFERENCES;
export const REFERENCE_NAMES = Object.keys(REFERENCES) as ReferenceName[];

/** One result line of a reference script: its rate, and which library and BLAS computed it. */
export interface ReferenceResult {
  readonly samplesPerSecond?: number;
  readonly iterationsPerSecond?: number;
  readonly library: string;
  readonly blas: string[];
}

/** Why `ref` cannot run on this machine, as the note the bench prints, or null when it can. */
export function referenceMissing(ref: Reference): string | null {
  const r = spawnSync(ref.python, ['-c', `import ${ref.module}`], { encoding: 'utf8' });
  const skipped = `${ref.label} reference skipped:`;
  if (r.error) return `${skipped} ${ref.python} not found (${r.error.message})`;
  if (r.status !== 0)
    return `${skipped} ${ref.python} has no ${ref.module} (import ${ref.module} failed)`;
  return null;
}

/** Runs `ref`'s script with `args` (a subcommand and its options) on the MNIST files the core
 * trains on; its last JSON line. */
export function runReference(ref: Reference, args: string[]): ReferenceResult {
  // These two variables pin an old OpenBLAS code path on some machines and slow a current numpy;
  // the reference should run at its best.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(ref.python, [ref.script, '--data-dir', mnistDir(), ...args], {
    encoding: 'utf8',
    env,
    timeout: TIMEOUT_MS,
  });
  if (r.status !== 0)
    throw new Error(
      `${ref.label} reference (${ref.python} ${path.basename(ref.script)} ${args.join(' ')}) failed: ${r.stderr || r.error?.message || `exit ${r.status ?? r.signal}`}`,
    );
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as ReferenceResult;
}

/** What a column of the bench ran on, e.g. "numpy 2.4.6 under python3, BLAS …", or the note
 * saying why it was skipped. */
export interface ReferenceAbout {
  readonly found: boolean;
  readonly about: string;
}

/** The references of one bench run: which this machine lacks (found once), their rates as the
 * bench asks for them, and what each said it computed with. */
export class ReferenceRuns {
  readonly missing: Readonly<Record<ReferenceName, string | null>>;
  readonly #references: Readonly<Record<ReferenceName, Reference>>;
  readonly #last: Partial<Record<ReferenceName, ReferenceResult>> = {};

  constructor(references: Readonly<Record<ReferenceName, Reference>> = REFERENCES) {
    this.#references = references;
    this.missing = byReference((r) => referenceMissing(references[r]));
  }

  /** Each reference's `key` from its script run with `args`, null where it is missing. */
  rates(
    args: string[],
    key: 'samplesPerSecond' | 'iterationsPerSecond',
  ): Record<ReferenceName, number | null> {
    return byReference((r) => {
      if (this.missing[r] !== null) return null;
      const result = runReference(this.#references[r], args);
      this.#last[r] = result;
      return result[key] ?? null;
    });
  }

  about(): Record<ReferenceName, ReferenceAbout> {
    return byReference((r) => {
      const note = this.missing[r];
      const result = this.#last[r];
      if (note !== null || result === undefined)
        return { found: false, about: note ?? `${this.#references[r].label} not run` };
      // The BLAS file with its folder tells OpenBLAS from Debian's reference BLAS
      // (blas/libblas.so.3).
      const blas = result.blas.map((p) => p.split('/').slice(-2).join('/')).join(', ');
      return {
        found: true,
        about: `${result.library} under ${this.#references[r].python}, BLAS ${blas === '' ? 'not seen' : blas}`,
      };
    });
  }
}

function byReference<T>(value: (r: ReferenceName) => T): Record<ReferenceName, T> {
  return Object.fromEntries(REFERENCE_NAMES.map((r) => [r, value(r)])) as Record<ReferenceName, T>;
}
