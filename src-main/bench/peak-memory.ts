// Peak memory of the hostile inputs of issue 9 and of the largest network the caps allow, each
// measured in a child process (its VmHWM, the kernel's high-water mark of resident memory, read
// from /proc while it runs) and killed if it passes KILL_AT, so a regression cannot take the
// machine down with it. Run: npx node src-main/bench/peak-memory.ts
//
// Cases: gzip bombs (a CSV and an IDX file that would unpack to 1 GB and 2 GB), PNG files that
// declare 20000×20000 and 65535×65535, and `backprop-lab train` of the largest network under
// LIMITS.parameters on a small CSV (two epochs, so two checkpoints), measuring the CLI (the
// supervisor and the store) and the training process separately.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { architectureOf, MNIST_IMAGE } from '../../src-core/architecture.ts';
import { parameterCount } from '../../src-core/network.ts';
import { LIMITS } from '../../src-core/limits.ts';
import { loadCsv, loadIdxDir, loadMnist } from '../data/load.ts';
import { readPng } from '../png.ts';
import { pngDeclaring } from './hostile-png.ts';

const MB = 1024 * 1024;
/** A child past this is killed and reported as such. */
const KILL_AT = 3 * 1024 * MB;
const POLL_MS = 20;
/** The largest network under the parameter cap on 28×28 images: 9,786,570 parameters. */
const LARGEST = [4096, 1600];
const BIN = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

interface Peak {
  readonly peakMb: number;
  readonly killed: boolean;
  readonly output: string;
}

/** kB → MB from a /proc/PID/status field, or 0 once the process is gone. */
function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** Runs `args` under node, tracking the peak of the process and of each of its descendants. */
function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Map<string, Peak>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const peaks = new Map<number, number>();
    let killed = false;
    const poll = setInterval(() => {
      const pid = child.pid as number;
      for (const p of [pid, ...childrenOf(pid)]) {
        peaks.set(p, Math.max(peaks.get(p) ?? 0, statusField(p, 'VmHWM')));
        if (statusField(p, 'VmRSS') * MB > KILL_AT) {
          killed = true;
          child.kill('SIGKILL');
          for (const c of childrenOf(pid)) process.kill(c, 'SIGKILL');
        }
      }
    }, POLL_MS);
    child.on('exit', () => {
      clearInterval(poll);
      const result = new Map<string, Peak>();
      [...peaks].forEach(([pid, mb], i) =>
        result.set(i === 0 ? 'process' : `its child ${pid} (the training process)`, {
          peakMb: Math.round(mb),
          killed,
          output: output.trim().split('\n').at(-1)?.slice(0, 200) ?? '',
        }),
      );
      resolve(result);
    });
  });
}

// --- the child's side: one hostile read, reporting what the loader said

function readCase(kind: string, path: string): void {
  try {
    if (kind === 'csv') loadCsv(path);
    else if (kind === 'idx') loadIdxDir(path);
    else readPng(path);
    console.log('read without error');
  } catch (error) {
    console.log(`refused: ${(error as Error).message}`);
  }
}

// --- hostile files

/** `unpacked` MB of a CSV-looking row, as concatenated gzip members of 1 MB each (gunzip reads
 * them as one stream): ~1 KB a member, so 1 GB unpacked is a ~1 MB file. */
function gzipBomb(unpackedMb: number, header = ''): Buffer {
  const row = Buffer.from('0,'.repeat(MB / 2));
  const member = gzipSync(row, { level: 9 });
  return Buffer.concat([gzipSync(Buffer.from(header)), ...new Array(unpackedMb).fill(member)]);
}

/** The first `count` MNIST training images as a Kaggle-style CSV. */
function mnistCsv(path: string, count: number): void {
  const { train } = loadMnist();
  const pixels = train.rows * train.cols;
  const header = ['label', ...Array.from({ length: pixels }, (_, i) => `pixel${i}`)].join(',');
  const lines = [header];
  for (let i = 0; i < count; i++)
    lines.push(
      `${train.labels[i]},${train.images.subarray(i * pixels, (i + 1) * pixels).join(',')}`,
    );
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-peak-'));
  const rows: string[] = [];
  const report = (name: string, fileBytes: number | null, peaks: Map<string, Peak>): void => {
    for (const [who, p] of peaks)
      rows.push(
        `${name}${fileBytes === null ? '' : ` (${(fileBytes / MB).toFixed(2)} MB file)`} [${who}]: ` +
          `peak ${p.peakMb} MB${p.killed ? ' KILLED' : ''}: ${p.output}`,
      );
  };
  try {
    for (const unpacked of [1024, 2048]) {
      const path = join(dir, `bomb-${unpacked}.csv.gz`);
      const bytes = gzipBomb(unpacked, 'label,pixel0\n');
      writeFileSync(path, bytes);
      report(
        `csv.gz unpacking to ${unpacked} MB`,
        bytes.length,
        await measure([SELF, 'csv', path]),
      );
    }
    const idx = join(dir, 'idx-bomb');
    mkdirSync(idx);
    const idxBytes = gzipBomb(1024);
    writeFileSync(join(idx, 'train-images-idx3-ubyte.gz'), idxBytes);
    writeFileSync(join(idx, 'train-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 0]));
    report('IDX .gz unpacking to 1024 MB', idxBytes.length, await measure([SELF, 'idx', idx]));
    for (const side of [20000, 65535]) {
      const path = join(dir, `bomb-${side}.png`);
      const bytes = pngDeclaring(side, side);
      writeFileSync(path, bytes);
      report(`PNG declaring ${side}×${side}`, bytes.length, await measure([SELF, 'png', path]));
    }

    const csv = join(dir, 'mnist-1400.csv');
    mnistCsv(csv, 1400);
    const sizes = architectureOf({ layers: LARGEST }, MNIST_IMAGE);
    const p = parameterCount(sizes);
    const args = [BIN, 'train', '--dataset', csv, '--layers', LARGEST.join(',')];
    args.push('--batch', '128', '--validation', '1000', '--epochs', '2', '--json');
    const peaks = await measure(args, { BACKPROP_LAB_DB: join(dir, 'runs.sqlite') });
    report(
      `train ${sizes.join('-')} (${p.toLocaleString('en-US')} parameters, ` +
        `cap ${LIMITS.parameters.toLocaleString('en-US')}), Adam, 2 epochs`,
      null,
      peaks,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(rows.join('\n'));
}

const [kind, path] = process.argv.slice(2);
if (kind !== undefined) readCase(kind, path);
else await main();
