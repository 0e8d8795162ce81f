// `backprop-lab landscape RUN [--between RUN2 [--align]] [--2d [--plane random|pca]]
//  [--grid 25] [--images 2000] [--json]`: a run's loss landscape (contract/landscape.ts), from
// the database when it was computed before, else computed in a worker thread with its progress
// on stderr (or as JSON lines), kept, and printed. Ctrl-C cancels it.

import {
  computeLandscapeSchema,
  LANDSCAPE_LIMITS,
  type ComputeLandscapeRequest,
  type LandscapeInfo,
  type LandscapeResult,
} from '../contract/landscape.ts';
import { LandscapeRequestError, Landscapes } from '../services/landscape.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { parseFlags } from './train-options.ts';

const USAGE =
  'usage: backprop-lab landscape RUN [--between RUN2 [--align]] [--2d [--plane random|pca]] ' +
  `[--grid ${LANDSCAPE_LIMITS.grid.default}] [--images ${LANDSCAPE_LIMITS.images.default}] [--json]`;

/** The request's fields as the command line names them. */
const FLAG_OF: Record<string, string> = {
  id: 'RUN',
  other: '--between',
  images: '--images',
  grid: '--grid',
  plane: '--plane',
  align: '--align',
};

export function landscapeRequest(args: string[]): {
  request: ComputeLandscapeRequest;
  db?: string;
  json: boolean;
} {
  const { values, positionals } = parseFlags(args, {
    between: { type: 'string' },
    align: { type: 'boolean' },
    '2d': { type: 'boolean' },
    plane: { type: 'string' },
    grid: { type: 'string' },
    images: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  if (values.between !== undefined && values['2d'])
    throw new UsageError(
      '--between and --2d: choose one (the path between two runs, or the map around one)',
    );
  const number = (flag: 'grid' | 'images') => {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${flag}: '${text}' is not a whole number`);
    return Number(text);
  };
  const kind = values.between !== undefined ? 'between' : values['2d'] ? '2d' : '1d';
  const raw = {
    id: runId(positionals[0]),
    kind,
    other: values.between === undefined ? undefined : runId(values.between, '--between RUN2'),
    align: kind === 'between' ? values.align === true : values.align,
    grid: number('grid'),
    plane: values.plane,
    images: number('images'),
  };
  const parsed = computeLandscapeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? '');
    throw new UsageError(`${FLAG_OF[field] ?? field}: ${issue.message}`);
  }
  return { request: parsed.data, db: values.db, json: values.json === true };
}

export async function landscapeCommand(args: string[]): Promise<number> {
  const { request, db, json } = landscapeRequest(args);
  const store = openStore(db);
  let finished = (_info: LandscapeInfo) => {};
  const done = new Promise<LandscapeInfo>((resolve) => (finished = resolve));
  let service: Landscapes | null = null;
  service = new Landscapes({
    store,
    emit: (e) => {
      if (e.type === 'landscapeProgress') {
        if (json) console.log(JSON.stringify({ type: 'progress', done: e.done, total: e.total }));
        else process.stderr.write(`\rLandscape of run ${e.runId}: ${e.done} of ${e.total} points`);
      } else {
        if (!json) process.stderr.write('\n');
        finished(service!.get(e.landscapeId));
      }
    },
  });
  const onSigint = () => {
    if (current !== null) service?.cancel(current.landscapeId);
  };
  let current: LandscapeInfo | null = null;
  process.on('SIGINT', onSigint);
  try {
    try {
      current = service.compute(request);
    } catch (error) {
      if (error instanceof LandscapeRequestError)
        throw error.code === 'invalid-request'
          ? new UsageError(`${FLAG_OF[error.field ?? ''] ?? 'landscape'}: ${error.message}`)
          : error;
      throw error;
    }
    const info = current.state.status === 'computing' ? await done : current;
    const { state } = info;
    if (state.status === 'cancelled')
      throw new LandscapeRequestError('conflict', 'the landscape was cancelled');
    if (state.status === 'failed') throw new LandscapeRequestError('conflict', state.error);
    if (state.status !== 'done') throw new Error(`the landscape ended ${state.status}`);
    if (json)
      console.log(
        JSON.stringify({
          type: 'landscape',
          landscapeId: info.landscapeId,
          runId: info.runId,
          params: info.params,
          ...state.result,
        }),
      );
    else console.log(describe(info.runId, state.result));
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await service.close();
    store.close();
  }
}

const fixed = (x: number) => x.toFixed(4);
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The result in a few lines for a terminal. */
export function describe(run: number, r: LandscapeResult): string {
  const lines = [`Run ${run}, on ${r.subset} (${r.seconds.toFixed(1)} s):`];
  if (r.kind === '1d') {
    lines.push('  alpha   loss     accuracy   (0 = initial weights, 1 = final)');
    r.alphas.forEach((alpha, i) => {
      if (i % 5 === 0)
        lines.push(
          `  ${alpha.toFixed(2).padStart(5)}   ${fixed(r.path.loss[i])}   ${percent(r.path.accuracy[i])}`,
        );
    });
    const along = r.alphas.flatMap((alpha, i) =>
      alpha >= 0 && alpha <= 1 ? [r.path.loss[i]] : [],
    );
    const falls = along.every((l, i) => i === 0 || l <= along[i - 1]);
    lines.push(
      falls
        ? '  the loss falls all the way from the initial weights to the final ones'
        : `  the loss rises on the way: up to ${fixed(Math.max(...along.slice(1)))} after the start`,
    );
  } else if (r.kind === 'between') {
    const line = (name: string, p: { loss: number[]; barrier: number }) =>
      `  ${name}: highest loss ${fixed(Math.max(...p.loss))}, barrier ${fixed(p.barrier)}`;
    lines.push(`  from run ${run} (alpha 0) to run ${r.other} (alpha 1)`);
    lines.push(line('as trained', r.unaligned));
    if (r.aligned !== null) {
      lines.push(line('hidden units aligned', r.aligned));
      lines.push(`  units moved per hidden layer: ${r.moved!.join(', ')}`);
    }
  } else {
    const all = r.loss.flat();
    lines.push(
      `  ${r.a.length} × ${r.b.length} points on ${r.plane === 'pca' ? "the path's principal plane" : 'two random filter-normalised directions'}`,
    );
    lines.push(
      `  loss at the final weights ${fixed(r.center.loss)} (${percent(r.center.accuracy)}), on the map ${fixed(Math.min(...all))} to ${fixed(Math.max(...all))}`,
    );
    if (r.path.length > 0)
      lines.push(
        `  path (epoch@(a, b)): ${r.path.map((p) => `${p.epoch}@(${p.a.toPrecision(3)}, ${p.b.toPrecision(3)})`).join(' ')}`,
      );
  }
  return lines.join('\n');
}
