// The loss landscape through the API, on two real runs of a small network (784-32-10 on 1,500
// MNIST images, trained by the real training process): computed in a worker thread with
// progress events, kept in the database so a second request is answered from it, cancelled on
// request, and refused with the field at fault when it cannot be drawn.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, Method, Request, Responses } from '../../../src-main/contract/api.ts';
import type { LandscapeInfo } from '../../../src-main/contract/landscape.ts';
import { datasetForRun } from '../../../src-main/services/datasets.ts';
import { createApiHandler, type ApiHandler } from '../../../src-main/services/handler.ts';
import { startRun } from '../../../src-main/services/run-start.ts';
import { forkSpawner } from '../../../src-main/services/spawner.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { nextEvent, smallConfig, smallCsv, tempDir } from './fixtures.ts';

let store: Store;
let handler: ApiHandler;
let supervisor: Supervisor;
let a: number;
let b: number;
const events: ApiEvent[] = [];

async function call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> {
  const r = await handler.call(method, request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (${r.error.field ?? '-'})`);
  return r.value as Responses[M];
}

async function refusal<M extends Method>(method: M, request: Request<M>) {
  const r = await handler.call(method, request);
  if (r.ok) throw new Error(`${method} was answered`);
  return r.error;
}

/** The landscapeEnded event of this landscape, and then its state. */
async function ended(info: LandscapeInfo): Promise<LandscapeInfo> {
  await new Promise<void>((resolve) => {
    const check = (e: ApiEvent) =>
      e.type === 'landscapeEnded' && e.landscapeId === info.landscapeId && (stop(), resolve());
    const stop = handler.onEvent(check);
    for (const e of events) check(e);
  });
  return call('getLandscape', { landscapeId: info.landscapeId });
}

beforeAll(async () => {
  const dir = tempDir('bpl-landscape-');
  store = Store.open(join(dir, 'runs.sqlite'));
  const owner = currentOwner();
  supervisor = new Supervisor(store, forkSpawner(), owner);
  handler = createApiHandler({ store, supervisor, owner });
  handler.onEvent((e) => events.push(e));
  const dataset = datasetForRun(store, smallCsv(dir));
  const queue = (seed: number) =>
    startRun(
      { store, supervisor, owner },
      { preset: null, config: smallConfig({ seed, epochs: 3 }), datasetId: dataset.id },
    ).id;
  a = queue(1);
  b = queue(2);
  await nextEvent(supervisor, 'ended', b);
  await supervisor.idle();
}, 120_000);

afterAll(async () => {
  await handler.close();
  store.close();
});

describe('computeLandscape', () => {
  it('computes the 1D path in a worker with progress, then answers from the database', async () => {
    const first = await call('computeLandscape', { id: a, kind: '1d', images: 500 });
    expect(first.state.status).toBe('computing');
    expect(first.params).toEqual({
      kind: '1d',
      other: null,
      align: false,
      grid: 0,
      plane: 'random',
      images: 500,
    });
    const done = await ended(first);
    if (done.state.status !== 'done') throw new Error(JSON.stringify(done.state));
    const result = done.state.result;
    if (result.kind !== '1d') throw new Error(result.kind);
    expect(result.images).toBe(500);
    expect(result.subset).toMatch(new RegExp(`first 500 images of run ${a}'s training part`));
    expect(result.path.loss[result.alphas.indexOf(0)]).toBe(result.initial.loss);
    expect(result.path.loss[result.alphas.indexOf(1)]).toBe(result.final.loss);
    expect(result.final.loss).toBeLessThan(result.initial.loss);
    const progress = events.filter(
      (e) => e.type === 'landscapeProgress' && e.landscapeId === first.landscapeId,
    );
    expect(progress.length).toBeGreaterThan(0);
    // The same request again: the kept result, at once, under the same id.
    const again = await call('computeLandscape', { id: a, kind: '1d', images: 500 });
    expect(again.landscapeId).toBe(first.landscapeId);
    expect(again.state).toEqual(done.state);
  }, 60_000);

  it('draws the path between two seeds, aligned and not, and a 2D map with its path', async () => {
    const between = await ended(
      await call('computeLandscape', { id: a, kind: 'between', other: b, images: 300 }),
    );
    if (between.state.status !== 'done' || between.state.result.kind !== 'between')
      throw new Error('not done');
    const { unaligned, aligned } = between.state.result;
    expect(aligned).not.toBeNull();
    expect(aligned!.loss[0]).toBe(unaligned.loss[0]);
    const map = await ended(
      await call('computeLandscape', { id: a, kind: '2d', grid: 5, images: 200 }),
    );
    if (map.state.status !== 'done' || map.state.result.kind !== '2d') throw new Error('not done');
    expect(map.state.result.loss.map((row) => row.length)).toEqual([5, 5, 5, 5, 5]);
    expect(map.state.result.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
  }, 60_000);

  it('stops a computation that is cancelled and keeps nothing of it', async () => {
    const started = await call('computeLandscape', { id: a, kind: '2d', grid: 61, images: 10_000 });
    expect(started.state.status).toBe('computing');
    await call('cancelLandscape', { landscapeId: started.landscapeId });
    const info = await ended(started);
    expect(info.state).toEqual({ status: 'cancelled' });
    expect(store.findLandscape(a, JSON.stringify(info.params))).toBeNull();
    const again = await refusal('cancelLandscape', { landscapeId: started.landscapeId });
    expect(again).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/not being computed: it is cancelled/),
    });
  }, 60_000);

  it('computes again a landscape whose worker was lost with the app, under the same id', async () => {
    const params = { kind: '1d', other: null, align: false, grid: 0, plane: 'random', images: 300 };
    const orphan = store.addLandscape(a, null, '1d', JSON.stringify(params));
    const before = await call('getLandscape', { landscapeId: orphan.id });
    expect(before.state).toEqual({
      status: 'failed',
      error: 'its computation stopped when Backprop Lab closed: ask for it again',
    });
    const again = await call('computeLandscape', { id: a, kind: '1d', images: 300 });
    expect(again).toMatchObject({ landscapeId: orphan.id, state: { status: 'computing' } });
    expect((await ended(again)).state.status).toBe('done');
  }, 60_000);

  it('refuses what cannot be drawn, naming the field', async () => {
    expect(await refusal('computeLandscape', { id: a, kind: 'between' })).toMatchObject({
      code: 'invalid-request',
      field: 'other',
    });
    expect(await refusal('computeLandscape', { id: a, kind: '1d', grid: 9 })).toMatchObject({
      code: 'invalid-request',
      field: 'grid',
    });
    expect(await refusal('computeLandscape', { id: 999, kind: '1d' })).toMatchObject({
      code: 'not-found',
    });
    expect(await refusal('getLandscape', { landscapeId: 999 })).toMatchObject({
      code: 'not-found',
    });
    const wide = startRun(
      { store, supervisor, owner: currentOwner() },
      { preset: null, config: smallConfig({ layers: [16] }), datasetId: store.getRun(a).datasetId },
    ).id;
    expect(await refusal('computeLandscape', { id: wide, kind: '1d' })).toMatchObject({
      code: 'conflict',
      field: 'id',
    });
    await nextEvent(supervisor, 'ended', wide);
    await supervisor.idle();
    expect(
      await refusal('computeLandscape', { id: a, kind: 'between', other: wide }),
    ).toMatchObject({
      code: 'invalid-request',
      field: 'other',
      message: expect.stringMatching(/784-16-10.*is not the network of run/),
    });
  }, 60_000);
});
