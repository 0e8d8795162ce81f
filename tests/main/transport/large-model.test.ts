// A model too large for its weights to be one JSON string: getModel over HTTP, exportRun and
// the CLI export must answer (or refuse with a typed error) without building that string.
//
// The threshold, honestly: V8's longest string is buffer.constants.MAX_STRING_LENGTH
// (536,870,888 characters in Node 24). The weights below are all -1.2345678e-17 as float32,
// which JSON writes as "-1.2345678086979451e-17" (23 characters, 24 with its comma), so JSON
// numbers break the limit past 22.4M parameters (real weights, about 20 characters each, past
// 27M). The network here has 24.2M: over it, yet small enough (97 MB of float32) to keep the
// test's memory bounded.
import { closeSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:buffer';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelToDocument } from '../../../src-core/model.ts';
import { Network, parameterCount } from '../../../src-core/network.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { Rng } from '../../../src-core/rng.ts';
import { exportCommand } from '../../../src-main/cli/export.ts';
import { MAX_TRANSFER_BYTES } from '../../../src-main/contract/api.ts';
import { documentChunks } from '../../../src-main/services/run-export.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { startHttpServer, type RunningServer } from '../../../src-main/transport/http-server.ts';
import { silentHandler, tempDir } from '../services/fixtures.ts';

const LAYERS = [4096, 4096, 1024];
const SIZES = [784, ...LAYERS, 10];
const PARAMETERS = parameterCount(SIZES);
const VALUE = Math.fround(-1.2345678e-17);

let dir: string;
let dbPath: string;
let store: Store;
let server: RunningServer;
let runId: number;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

beforeAll(async () => {
  dir = tempDir('bpl-large-');
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html>');
  dbPath = join(dir, 'runs.sqlite');
  store = Store.open(dbPath);
  const dataset = store.ensureDataset({
    name: 'd',
    kind: 'csv',
    path: '/d.csv',
    hash: 'h',
    trainCount: 1,
    testCount: 0,
    rows: 28,
    cols: 28,
  });
  const config = {
    ...PRESETS.quick,
    layers: LAYERS,
    activations: LAYERS.map(() => 'relu' as const),
  };
  const owner = currentOwner();
  runId = store.createRun({
    name: 'large',
    preset: null,
    config,
    datasetId: dataset.id,
    owner,
  }).id;
  store.startRun(
    runId,
    { trainCount: 1, validationCount: 0, testCount: 0, testHeldOut: false, backend: 'typescript' },
    owner,
  );
  const weights = new Float32Array(PARAMETERS).fill(VALUE);
  store.completeRun(
    runId,
    {
      testLoss: 1,
      testAccuracy: 0.1,
      confusion: Array.from({ length: 10 }, () => Array<number>(10).fill(0)),
      trainSeconds: 1,
      samplesPerSecond: 1,
    },
    weights,
  );
  server = await startHttpServer({
    handler: silentHandler(store),
    staticDir: join(dir, 'web'),
    port: 0,
  });
});

afterAll(async () => {
  clearInterval(sampler);
  await server?.close();
  store?.close();
  console.log(
    `large model: ${PARAMETERS.toLocaleString('en-US')} parameters, peak RSS ${Math.round(peakRss / 2 ** 20)} MB`,
  );
});

function post(method: string, body: unknown): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('a model whose weights as JSON numbers pass the longest string', () => {
  it('is over the threshold (so the test can fail)', () => {
    const perWeight = JSON.stringify([VALUE]).length - 2 + 1;
    expect(perWeight).toBe(24);
    expect(PARAMETERS * perWeight).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(PARAMETERS * 4).toBeLessThanOrEqual(MAX_TRANSFER_BYTES);
  });

  it('getModel over HTTP answers its weights as base64 float32 bytes', async () => {
    const r = await post('getModel', { id: runId });
    expect(r.status).toBe(200);
    const answer = JSON.parse(r.body.toString('utf8')) as {
      ok: true;
      value: { sizes: number[]; weights: string };
    };
    expect(answer.value.sizes).toEqual(SIZES);
    const bytes = Buffer.from(answer.value.weights, 'base64');
    expect(bytes.length).toBe(PARAMETERS * 4);
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, PARAMETERS);
    expect([floats[0], floats[PARAMETERS >> 1], floats[PARAMETERS - 1]]).toEqual([
      VALUE,
      VALUE,
      VALUE,
    ]);
  });

  it('exportRun as JSON over HTTP is refused as too large, naming the CLI', async () => {
    const r = await post('exportRun', { id: runId, format: 'json' });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: expect.stringContaining('backprop-lab export') },
    });
    // Still serving.
    expect((await post('listRuns', {})).status).toBe(200);
  });

  it('the CLI export writes the JSON model file as it goes', async () => {
    const out = join(dir, 'large.json');
    const log = console.log;
    console.log = () => {};
    try {
      expect(
        await exportCommand([String(runId), '--format', 'json', '--out', out, '--db', dbPath]),
      ).toBe(0);
    } finally {
      console.log = log;
    }
    const size = statSync(out).size;
    expect(size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    const fd = openSync(out, 'r');
    const head = Buffer.alloc(64);
    const tail = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    readSync(fd, tail, 0, 64, size - 64);
    closeSync(fd);
    expect(head.toString()).toMatch(
      /^\{"format":"backprop-lab-model","version":\d+,"sizes":\[784,4096/,
    );
    expect(tail.toString()).toMatch(/\}\}$/);
  });
});

describe('the streamed JSON model', () => {
  it('is byte for byte JSON.stringify of the documented model format', () => {
    const rng = new Rng(5);
    const network = new Network({ sizes: [6, 4, 3], activations: ['tanh'] }, 1);
    network.params.set(Float32Array.from(network.params, () => rng.uniform() - 0.5));
    const meta = { run: 1, name: 'n "layers":[]', config: { layers: [] }, epochs: [] };
    const streamed = Buffer.concat([...documentChunks(network, { rows: 2, cols: 3 }, meta)]);
    expect(streamed.toString('utf8')).toBe(
      JSON.stringify(modelToDocument(network, { rows: 2, cols: 3 }, meta)),
    );
  });
});
