// Hostile payloads to every API method, through the handler object, over HTTP and at the
// WebSocket, plus request lines and tokens that are not what HTTP expects: every one must be
// answered with a typed error, the server must stay up, and no table may change.
// Reproducible: FUZZ_SEED=n picks another sequence; the seed is in every failure message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { requestSchemas, type Method, type Request } from '../../../src-main/contract/api.ts';
import { METHODS } from '../../../src-main/contract/methods.ts';
import type { ApiHandler } from '../../../src-main/services/handler.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { startHttpServer, type RunningServer } from '../../../src-main/transport/http-server.ts';
import { silentHandler, tempDir } from '../services/fixtures.ts';
import { sendRaw } from '../transport/raw-http.ts';
import { PayloadGenerator } from './generate.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 9);
const PER_METHOD = 1000;

let dbPath: string;
let store: Store;
let handler: ApiHandler;
let server: RunningServer;
let before: string;
let runId: number;
let datasetId: number;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Every row of every table, sorted: what must not change. */
function dumpTables(): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return tables
      .map((t) => {
        const rows = db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .map((r) =>
            JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)),
          )
          .sort();
        return `${t}\n${rows.join('\n')}`;
      })
      .join('\n\n');
  } finally {
    db.close();
  }
}

/** A valid request for every method, naming a run and dataset that exist: the generator
 * corrupts one thing in each. The record type makes the compiler name any method missing. */
function validRequests(): { [M in Method]: Request<M> } {
  const config = { ...PRESETS.quick, layers: [8], activations: ['relu' as const], epochs: 1 };
  const id = runId;
  return {
    listRuns: { status: 'completed', tag: 'keep' },
    getRun: { id },
    getProgress: { id },
    startRun: { name: 'n', notes: 'x', tags: ['a'], preset: null, config, datasetId },
    startGroup: {
      name: 'g',
      preset: null,
      config,
      datasetId,
      seeds: 2,
      axes: [{ setting: 'learningRate', values: [0.01, 0.02] }],
    },
    listGroups: {},
    getGroup: { id: 1 },
    cancelGroup: { id: 1 },
    cancelRun: { id },
    pauseRun: { id },
    resumeRun: { id },
    continueRun: { id },
    stepRun: { id },
    setLearningRate: { id, learningRate: 0.1 },
    renameRun: { id, name: 'renamed' },
    setNotes: { id, notes: 'notes' },
    setTags: { id, tags: ['keep'] },
    deleteRuns: { ids: [id] },
    compareRuns: { a: [id], b: [id + 1], summary: 'best' },
    getConfusionCell: { id, actual: 1, predicted: 2, limit: 5 },
    getTestImage: { id, index: 0 },
    getModel: { id, kind: 'final' },
    exportRun: { id, format: 'json' },
    computeLandscape: { id, kind: 'between', other: id, align: true },
    getLandscape: { landscapeId: 1 },
    cancelLandscape: { landscapeId: 1 },
    listDatasets: {},
    importDatasetFromDialog: { name: 'imported' },
  };
}

beforeAll(async () => {
  const dir = tempDir('bpl-fuzz-');
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>Backprop Lab</title>');
  dbPath = join(dir, 'runs.sqlite');
  store = Store.open(dbPath);
  datasetId = store.ensureDataset({
    name: 'small',
    kind: 'csv',
    path: join(dir, 'small.csv'),
    hash: 'h',
    trainCount: 10,
    testCount: 0,
    rows: 28,
    cols: 28,
  }).id;
  const owner = currentOwner();
  const config = { ...PRESETS.quick, layers: [8], activations: ['relu' as const], epochs: 1 };
  runId = store.createRun({
    name: 'kept',
    notes: 'notes',
    tags: ['keep', 'drop'],
    preset: null,
    config,
    datasetId,
    owner,
  }).id;
  store.startRun(
    runId,
    { trainCount: 10, validationCount: 0, testCount: 0, testHeldOut: false, backend: 'typescript' },
    owner,
  );
  store.completeRun(
    runId,
    {
      testLoss: 1,
      testAccuracy: 0.5,
      confusion: Array.from({ length: 10 }, () => Array<number>(10).fill(1)),
      trainSeconds: 1,
      samplesPerSecond: 10,
    },
    new Float32Array((784 + 1) * 8 + (8 + 1) * 10).fill(0.25),
  );
  handler = silentHandler(store);
  server = await startHttpServer({ handler, staticDir: join(dir, 'web'), port: 0 });
  before = dumpTables();
});

afterAll(async () => {
  agent.destroy();
  await server?.close();
  store?.close();
});

interface Reply {
  status: number;
  type: string;
  body: string;
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: server.port,
        path,
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${server.port}`,
          Authorization: `Bearer ${server.token}`,
          'Content-Type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

const typedError = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object') return false;
  const { ok, error } = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return (
    ok === false &&
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    error.message.length < 1000
  );
};

async function serverUp(): Promise<void> {
  const r = await post('/api/listRuns', '{}');
  expect(r.status).toBe(200);
}

describe(`API fuzz (seed ${SEED}, ${PER_METHOD} malformed payloads per method and transport)`, () => {
  it('covers every method of the contract', () => {
    expect(Object.keys(validRequests()).sort()).toEqual([...METHODS].sort());
  });

  it('through the handler object: every payload is refused with invalid-request', async () => {
    const generator = new PayloadGenerator(SEED);
    const valid = validRequests();
    let sent = 0;
    const started = performance.now();
    for (const method of METHODS) {
      for (const payload of generator.malformed(method, valid[method], PER_METHOD)) {
        const result = await handler.call(method, payload);
        sent++;
        if (!(typedError(result) && !result.ok && result.error.code === 'invalid-request'))
          expect.fail(
            `seed ${SEED}: ${method}(${JSON.stringify(payload).slice(0, 300)}) → ${JSON.stringify(result).slice(0, 300)}`,
          );
      }
    }
    console.log(`fuzz handler: ${sent} payloads in ${Math.round(performance.now() - started)} ms`);
    expect(sent).toBe(METHODS.length * PER_METHOD);
    expect(dumpTables()).toBe(before);
  }, 120_000);

  it('over HTTP: every payload is answered 400 with the JSON error shape', async () => {
    const generator = new PayloadGenerator(SEED + 1);
    const valid = validRequests();
    const tasks: (() => Promise<void>)[] = [];
    for (const method of METHODS) {
      for (const payload of generator.malformed(method, valid[method], PER_METHOD)) {
        const body = JSON.stringify(payload);
        tasks.push(async () => {
          const r = await post(`/api/${method}`, body);
          let answer: unknown = null;
          try {
            answer = JSON.parse(r.body);
          } catch {
            // Not JSON: reported below.
          }
          if (!(r.status === 400 && r.type.startsWith('application/json') && typedError(answer)))
            expect.fail(
              `seed ${SEED + 1}: POST /api/${method} ${body.slice(0, 300)} → ${r.status} ${r.body.slice(0, 300)}`,
            );
        });
      }
      // Bodies that are not JSON, or not JSON any schema takes.
      for (let i = 0; i < 50; i++) {
        const body = generator.rawBody();
        // An empty body is the request {} (http-server.ts), which some requests take.
        if (body === '' && requestSchemas[method].safeParse({}).success) continue;
        tasks.push(async () => {
          const r = await post(`/api/${method}`, body);
          if (!(r.status === 400 && typedError(JSON.parse(r.body))))
            expect.fail(
              `seed ${SEED + 1}: POST /api/${method} raw ${JSON.stringify(body.slice(0, 100))} → ${r.status} ${r.body.slice(0, 300)}`,
            );
        });
      }
    }
    const started = performance.now();
    await pool(tasks, 8);
    console.log(
      `fuzz HTTP: ${tasks.length} requests in ${Math.round(performance.now() - started)} ms`,
    );
    await serverUp();
    expect(dumpTables()).toBe(before);
  }, 120_000);

  it('over HTTP without the right token, or with a body over the cap: 401 and 413', async () => {
    const wide = 'é'.repeat(48);
    const tasks: (() => Promise<void>)[] = [];
    for (const method of METHODS) {
      for (const authorization of [
        `Bearer ${wide}`,
        'Bearer ',
        `Bearer ${server.token}x`,
        'Basic x',
      ]) {
        tasks.push(async () => {
          const r = await post(`/api/${method}`, '{}', { Authorization: authorization });
          expect(r.status, `${method} ${authorization}`).toBe(401);
        });
      }
      tasks.push(async () => {
        const r = await post(`/api/${method}`, '', {
          Authorization: '',
          Cookie: `${server.cookieName}=${wide}`,
        });
        expect(r.status).toBe(401);
      });
      tasks.push(async () => {
        const r = await post(`/api/${method}`, ' '.repeat(1_000_001));
        expect(r.status).toBe(413);
        expect(typedError(JSON.parse(r.body))).toBe(true);
      });
    }
    await pool(tasks, 4);
    await serverUp();
    expect(dumpTables()).toBe(before);
  }, 120_000);

  it('raw request lines and tokens on TCP: answered 4xx, the server stays up', async () => {
    const host = `Host: 127.0.0.1:${server.port}\r\nConnection: close`;
    const lines = [
      'GET // HTTP/1.1',
      'GET http://[ HTTP/1.1',
      'GET http://:99999/ HTTP/1.1',
      'GET http://[::1 HTTP/1.1',
      'POST //api/listRuns HTTP/1.1',
      'GET /?token=%E9%E9 HTTP/1.1',
      `GET /?token=${encodeURIComponent('é'.repeat(48))} HTTP/1.1`,
      'GET \u0000 HTTP/1.1',
      'GARBAGE',
      'GET / HTTP/9.9',
      'GET /events HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x',
    ];
    for (const line of lines) {
      const answer = await sendRaw(
        server.port,
        Buffer.from(`${line}\r\n${host}\r\n\r\n`, 'latin1'),
      );
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      expect(status, JSON.stringify(line)).toBeGreaterThanOrEqual(400);
      expect(status, JSON.stringify(line)).toBeLessThan(500);
    }
    await serverUp();
    expect(dumpTables()).toBe(before);
  });

  it('at the WebSocket (events only): malformed frames change nothing and it stays up', async () => {
    const generator = new PayloadGenerator(SEED + 2);
    const valid = validRequests();
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const ws = await open();
    let frames = 0;
    for (const method of METHODS) {
      for (const payload of generator.malformed(method, valid[method], PER_METHOD)) {
        ws.send(JSON.stringify({ method, payload }).slice(0, 4000));
        frames++;
      }
      ws.send(Buffer.from(generator.rawBody().slice(0, 4000), 'latin1'));
      frames++;
    }
    // A ping answered after every frame: the socket still reads, the server still runs.
    await new Promise<void>((resolve) => {
      ws.once('pong', () => resolve());
      ws.ping();
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // A frame over the 4 KB limit closes that socket (1009), and only that socket.
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(5000));
    expect(await closed).toBe(1009);
    const again = await open();
    expect(again.readyState).toBe(WebSocket.OPEN);
    again.close();
    console.log(`fuzz WebSocket: ${frames} frames`);
    expect(frames).toBeGreaterThanOrEqual(METHODS.length * PER_METHOD);
    await serverUp();
    expect(dumpTables()).toBe(before);
  }, 120_000);
});
