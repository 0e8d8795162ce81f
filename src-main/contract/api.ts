// The API between the renderer and the back end: every request by name with its schema, and
// what it answers. The Electron preload, the HTTP/WebSocket server and the renderer's client all
// derive their types from this file, so none restates them by hand.

import { z } from 'zod';
import { PRESET_NAMES } from '../../src-core/presets.ts';
import { GROUP_LIMITS } from '../../src-core/sweep.ts';
import type { SupervisorEvent } from './events.ts';
import {
  RUN_STATUSES,
  type DatasetRow,
  type EpochRow,
  type ModelKind,
  type ProgressRow,
  type RunEventRow,
  type RunGroupRow,
  type RunRow,
  type RunSummary,
} from './rows.ts';
import { compareRequestSchema, type Comparison } from './comparison.ts';
import { trainConfigSchema } from './config-schema.ts';
import {
  computeLandscapeSchema,
  landscapeByIdSchema,
  type LandscapeEvent,
  type LandscapeInfo,
} from './landscape.ts';

const id = z.number().int().positive();
const byId = z.strictObject({ id });
const text = (max: number) => z.string().max(max);
// Control characters (C0, DEL, C1) have no place in a name or a tag: a name of NULs shows as
// nothing, and an escape sequence in one rewrites the terminal that lists it. Notes keep their
// line breaks and tabs.
const line = (max: number) =>
  text(max).refine((s) => !/\p{Cc}/u.test(s), 'must not hold control characters');
const note = (max: number) =>
  text(max).refine(
    (s) => !/(?![\n\r\t])\p{Cc}/u.test(s),
    'must not hold control characters other than line breaks and tabs',
  );
/** Tags are stored one by one and shown comma-joined, so a tag is neither blank nor holds a
 * comma; a request with one such tag is refused whole. */
const tag = line(100)
  .refine((s) => s.trim() !== '', 'a tag may not be empty')
  .refine((s) => !s.includes(','), 'a tag may not hold a comma: give tags one by one');
const tags = z.array(tag).max(50);

const startFields = {
  name: line(200).optional(),
  notes: note(10_000).optional(),
  tags: tags.optional(),
  preset: z.enum(PRESET_NAMES).nullable(),
  config: trainConfigSchema,
  datasetId: id,
};
/** A value a sweep gives a setting: a number, word or flag, a list of them (hidden layers), or
 * a flat record of them (a schedule); the settings table then checks it (src-core/sweep.ts). */
const scalar = z.union([z.number(), z.string().max(100), z.boolean(), z.null()]);
const sweepValue = z.union([
  scalar,
  z.array(scalar).max(16),
  z
    .record(z.string().max(50), scalar)
    .refine((r) => Object.keys(r).length <= 16, 'too many fields'),
]);

export const requestSchemas = {
  listRuns: z.strictObject({ status: z.enum(RUN_STATUSES).optional(), tag: line(100).optional() }),
  getRun: byId,
  getProgress: byId,
  startRun: z.strictObject(startFields),
  /** A repeat (no axes: the config over `seeds` seeds from its own) or a sweep (every
   * combination of the axes' values, each over those seeds), queued as one group. */
  startGroup: z.strictObject({
    ...startFields,
    seeds: z.number().int().min(1).max(GROUP_LIMITS.seeds),
    axes: z
      .array(
        z.strictObject({
          setting: line(50),
          values: z.array(sweepValue).min(1).max(GROUP_LIMITS.values),
        }),
      )
      .max(GROUP_LIMITS.axes),
  }),
  listGroups: z.strictObject({}),
  getGroup: byId,
  /** Cancels the group's queued and running runs. */
  cancelGroup: byId,
  cancelRun: byId,
  pauseRun: byId,
  resumeRun: byId,
  /** Goes on with a cancelled or interrupted run from its last checkpoint (resumeRun lifts a
   * pause of a live run). */
  continueRun: byId,
  stepRun: byId,
  setLearningRate: z.strictObject({ id, learningRate: z.number() }),
  renameRun: z.strictObject({ id, name: line(200) }),
  setNotes: z.strictObject({ id, notes: note(10_000) }),
  setTags: z.strictObject({ id, tags }),
  deleteRuns: z.strictObject({ ids: z.array(id).min(1).max(1000) }),
  /** Two runs or groups of runs side by side, and whether their difference is likely real. */
  compareRuns: compareRequestSchema,
  getConfusionCell: z.strictObject({
    id,
    actual: z.number().int().min(0).max(9),
    predicted: z.number().int().min(0).max(9),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  /** One image of a run's test part by its position there, for "Step through one image". */
  getTestImage: z.strictObject({ id, index: z.number().int().min(0) }),
  getModel: z.strictObject({
    id,
    kind: z.enum(['last', 'final', 'best', 'initial']).optional(),
  }),
  exportRun: z.strictObject({ id, format: z.enum(['json', 'onnx', 'csv']) }),
  /** The loss landscape of a run (contract/landscape.ts): cached, or computed in a worker. */
  computeLandscape: computeLandscapeSchema,
  getLandscape: landscapeByIdSchema,
  cancelLandscape: landscapeByIdSchema,
  listDatasets: z.strictObject({}),
  // No request names a path: the desktop app asks the user with its own file dialog, and
  // browser mode takes uploads (POST /upload/dataset), so a page cannot make the back end read
  // a file of its choosing.
  importDatasetFromDialog: z.strictObject({ name: line(200).optional() }),
} as const;

export type Method = keyof typeof requestSchemas;
export type Request<M extends Method> = z.input<(typeof requestSchemas)[M]>;

export interface RunDetail extends RunRow {
  readonly epochs: EpochRow[];
  readonly confusion: number[][] | null;
  /** Pauses, resumes and learning-rate changes, in order. */
  readonly history: RunEventRow[];
  /** Which weights are saved, and from which epoch. */
  readonly models: { readonly kind: ModelKind; readonly epoch: number }[];
}

export interface GroupDetail {
  readonly group: RunGroupRow;
  /** Its runs, newest first, as a listing shows them. */
  readonly runs: RunSummary[];
}

export interface StartedGroup {
  readonly group: RunGroupRow;
  readonly runs: RunRow[];
}

export interface CellImage {
  /** Position of the image in the run's test part. */
  readonly index: number;
  /** 28×28 bytes (0 = background, 255 = ink), base64. */
  readonly pixels: string;
  readonly probabilities: number[];
}

export interface ConfusionCell {
  readonly actual: number;
  readonly predicted: number;
  /** How many test images fall in this cell (the images list may hold fewer). */
  readonly total: number;
  readonly images: CellImage[];
}

export interface TestImage {
  /** Position of the image in the run's test part, from 0. */
  readonly index: number;
  /** The digit it shows. */
  readonly label: number;
  /** 28×28 bytes (0 = background, 255 = ink), base64, as CellImage's. */
  readonly pixels: string;
  /** How many images the run's test part holds. */
  readonly count: number;
}

/** The most bytes one answer carries as base64: a model's weights (4 bytes a parameter, so
 * 33,554,432 parameters) or an exported file. Larger ones are refused as too-large and left
 * to the CLI, which writes them to a file as they are made. */
export const MAX_TRANSFER_BYTES = 128 * 2 ** 20;

export interface ModelWeights {
  readonly kind: ModelKind;
  readonly epoch: number;
  readonly sizes: number[];
  readonly activations: string[];
  /** Every parameter, in the core Network's layout, as the bytes of a little-endian
   * Float32Array, base64: 5⅓ characters a parameter where JSON numbers take about 20, so
   * weights never make a string too long for JavaScript. */
  readonly weights: string;
}

export interface ExportFile {
  readonly filename: string;
  readonly mime: string;
  /** The file's bytes, base64 (at most MAX_TRANSFER_BYTES of them). */
  readonly base64: string;
}

export interface Ok {
  readonly ok: true;
}

/** A dataset brought in from a dialog or an upload. `alreadyImported`: the same data was
 * already registered under that name, so nothing new was kept. */
export interface ImportedDataset {
  readonly dataset: DatasetRow;
  readonly alreadyImported: boolean;
}

/** The user may close the file dialog without choosing: that is an answer, not an error. */
export type ImportOutcome =
  ({ readonly status: 'imported' } & ImportedDataset) | { readonly status: 'cancelled' };

export interface Responses {
  listRuns: RunSummary[];
  getRun: RunDetail;
  getProgress: ProgressRow[];
  startRun: RunRow;
  startGroup: StartedGroup;
  listGroups: RunGroupRow[];
  getGroup: GroupDetail;
  cancelGroup: { readonly cancelled: number[] };
  cancelRun: Ok;
  pauseRun: Ok;
  resumeRun: Ok;
  continueRun: RunRow;
  stepRun: Ok;
  setLearningRate: Ok;
  renameRun: RunRow;
  setNotes: RunRow;
  setTags: RunRow;
  deleteRuns: { readonly deleted: number[] };
  compareRuns: Comparison;
  getConfusionCell: ConfusionCell;
  getTestImage: TestImage;
  getModel: ModelWeights;
  exportRun: ExportFile;
  computeLandscape: LandscapeInfo;
  getLandscape: LandscapeInfo;
  cancelLandscape: Ok;
  listDatasets: DatasetRow[];
  importDatasetFromDialog: ImportOutcome;
}

/** Pushed to every connected window: training events, a nudge when saved runs change, and a
 * newly imported dataset (from any window, the application menu or an upload). */
export type ApiEvent =
  | SupervisorEvent
  | LandscapeEvent
  | { readonly type: 'runsChanged' }
  | { readonly type: 'datasetImported'; readonly dataset: DatasetRow };

/** 'too-large': an import over the size cap (HTTP 413). */
export const ERROR_CODES = [
  'invalid-request',
  'not-found',
  'conflict',
  'too-large',
  'failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  /** The request field at fault, for invalid requests (e.g. "config.learningRate"). */
  readonly field?: string;
}

/** What every transport carries back: a value or a typed error, never a thrown exception. */
export type Result<M extends Method> =
  | { readonly ok: true; readonly value: Responses[M] }
  | { readonly ok: false; readonly error: ApiErrorBody };

/** What `POST /upload/dataset` answers (browser mode's import; see transport/upload-route.ts). */
export type UploadResult =
  | { readonly ok: true; readonly value: ImportedDataset }
  | { readonly ok: false; readonly error: ApiErrorBody };

/** The API as the renderer calls it: one async function per request. */
export type Api = { readonly [M in Method]: (request: Request<M>) => Promise<Responses[M]> } & {
  readonly onEvent: (listener: (event: ApiEvent) => void) => () => void;
};
