// The experiment store: every run with its config, metrics, progress, checkpoints and results,
// in one SQLite file shared by the app and the CLI. Every write is one transaction, so a crash
// or kill leaves each run as it was after its last complete write.
//
// A run goes queued → running → completed, or from queued or running to cancelled, failed or
// interrupted; a finished run takes no more metrics, weights or events.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { architectureOf } from '../../src-core/architecture.ts';
import { parameterCount } from '../../src-core/network.ts';
import { NotFoundError, StoreError } from './errors.ts';
import { runName, tagList } from './fields.ts';
import { checkDatabaseFile, checkStructure, isDamage, storeErrorFor } from './file-check.ts';
import { migrate } from './migrations.ts';
import { OWNER_STALE_MS } from './owner.ts';
import { floatsFromHalfBlob, halfBlob, isTrajectoryEpoch } from './trajectory.ts';
import {
  blobFromFloats,
  LISTING_COLUMNS,
  RUN_COLUMNS,
  toDataset,
  toEpoch,
  toModel,
  toProgress,
  toRun,
  toRunEvent,
  toSummary,
  type DatasetRecord,
  type EpochRecord,
  type ListingRecord,
  type ModelRecord,
  type ProgressRecord,
  type RunEventRecord,
  toGroup,
  type GroupRecord,
  type RunRecord,
} from './rows.ts';
import {
  CLOSED_WHILE_TRAINING,
  RUN_STATUSES,
  type DatasetRow,
  type EpochRow,
  type FinalResult,
  type ModelKind,
  type Owner,
  type ProgressRow,
  type RunEventRow,
  type RunGroupRow,
  type RunRow,
  type RunStatus,
  type RunSummary,
  type TestResult,
} from '../contract/rows.ts';
import type {
  LandscapeRow,
  ModelRow,
  NewGroup,
  NewRun,
  RunFilter,
  StartInfo,
  TrajectoryRow,
} from './types.ts';

const BUSY_TIMEOUT_MS = 5000;
const END_STATUSES = ['cancelled', 'failed', 'interrupted'] as const;
const RUN_EVENT_KINDS: readonly RunEventRow['kind'][] = [
  'paused',
  'resumed',
  'step',
  'learning-rate',
  'cancelled',
  'continued',
];
/** The stopped runs that may go on from their last checkpoint. */
const RESUMABLE: readonly RunStatus[] = ['cancelled', 'interrupted'];

/** A run's best epoch (by validation accuracy, or training loss without a validation part;
 * the earliest of equals, as the 'best' model) and its lowest loss (validation, else training),
 * from its saved epochs; migration 8 filled them in for runs saved before. */
const SUMMARY_UPDATE = `
  (best_epoch, best_accuracy) = (SELECT epoch, validation_accuracy FROM epochs e
    WHERE e.run_id = runs.id ORDER BY coalesce(-validation_accuracy, train_loss), epoch LIMIT 1),
  (min_loss_epoch, min_loss) = (SELECT epoch, coalesce(validation_loss, train_loss)
    FROM epochs e WHERE e.run_id = runs.id ORDER BY 2, epoch LIMIT 1)`;

/** A group's row with the ids of its runs that still exist, ascending (see GroupRecord). */
const GROUP_COLUMNS = `g.*, (SELECT json_group_array(id) FROM
  (SELECT id FROM runs WHERE group_id = g.id ORDER BY id)) AS run_ids`;

/** A queued or running run whose owner has no fresh heartbeat. */
interface Orphan {
  id: number;
  owner_id: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  last_beat: number | null;
}

function orphanReason(r: Orphan, now: number): string {
  if (r.owner_pid === null) return CLOSED_WHILE_TRAINING;
  const who = `process ${r.owner_pid}${r.owner_host === null ? '' : ` on ${r.owner_host}`}`;
  const silence =
    r.last_beat === null
      ? 'left no heartbeat'
      : `sent no heartbeat for ${Math.round((now - r.last_beat) / 1000)} s`;
  return `${CLOSED_WHILE_TRAINING} (its ${who} ${silence})`;
}

const LANDSCAPE_COLUMNS = 'id, run_id, other_id, kind, params, result, created_at';

interface LandscapeRecord {
  id: number;
  run_id: number;
  other_id: number | null;
  kind: LandscapeRow['kind'];
  params: string;
  result: string | null;
  created_at: number;
}

const toLandscape = (r: LandscapeRecord): LandscapeRow => ({
  id: r.id,
  runId: r.run_id,
  otherId: r.other_id,
  kind: r.kind,
  params: r.params,
  result: r.result,
  createdAt: r.created_at,
});

/** What the writes of a run need to know about it. */
interface RunState {
  status: RunStatus;
  architecture: string;
  parameters: number;
  activations: string;
  epochs_done: number;
}

export class Store {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** The damage a read or write met, if any: from then on every write is refused with it, so
   * the file stays as it was (no run ends or starts in it) for the user to restore. */
  #damage: StoreError | null = null;

  private constructor(file: string, db: Database.Database) {
    this.path = file;
    this.#db = db;
  }

  /** Opens (creating if needed) the database at `file`, refusing files that are not ours. */
  static open(file: string): Store {
    const full = path.resolve(file);
    try {
      mkdirSync(path.dirname(full), { recursive: true });
    } catch (e) {
      throw new StoreError(`cannot create the folder for ${full} (${(e as Error).message})`);
    }
    checkDatabaseFile(full);
    let db: Database.Database | undefined;
    try {
      db = new Database(full, { timeout: BUSY_TIMEOUT_MS });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // WAL lets the app, the CLI and the training supervisor read while one of them writes.
      db.pragma('journal_mode = WAL');
      // With WAL, NORMAL syncs at checkpoints rather than at every commit: a crash of the app
      // loses nothing committed; only a power cut can lose the last few commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new Store(full, db);
    } catch (e) {
      db?.close();
      throw storeErrorFor(full, e);
    }
  }

  close(): void {
    this.#db.close();
  }

  /** quick_check on the file as this connection sees it (WAL included): throws, and refuses
   * every later write, if it is damaged. The supervisor asks before it starts each run, so a
   * file damaged while the app is open is not trained into. */
  checkIntact(): void {
    this.#read(() => checkStructure(this.#db, this.path));
  }

  // --- datasets

  /** Registers a dataset, or returns the one already registered under its name and content. */
  ensureDataset(d: Omit<DatasetRow, 'id' | 'createdAt'>): DatasetRow {
    const name = d.name.trim();
    if (name === '') throw new StoreError('a dataset needs a name: the name given is empty');
    return this.#write(() => {
      const existing = this.#datasetRecord(name);
      if (existing) {
        if (existing.hash !== d.hash)
          throw new StoreError(
            `a dataset named ${name} with different content is already registered; ` +
              'give this one another name',
          );
        return toDataset(existing);
      }
      const { lastInsertRowid } = this.#stmt(
        `INSERT INTO datasets (name, kind, path, hash, train_count, test_count, rows, cols, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(name, d.kind, d.path, d.hash, d.trainCount, d.testCount, d.rows, d.cols, Date.now());
      return toDataset(this.#datasetRecord(Number(lastInsertRowid)) as DatasetRecord);
    });
  }

  getDataset(idOrName: number | string): DatasetRow | null {
    return this.#read(() => {
      const r = this.#datasetRecord(idOrName);
      return r ? toDataset(r) : null;
    });
  }

  listDatasets(): DatasetRow[] {
    return this.#read(() =>
      (this.#stmt('SELECT * FROM datasets ORDER BY id').all() as DatasetRecord[]).map(toDataset),
    );
  }

  // --- a run's life

  createRun(r: NewRun): RunRow {
    return this.#write(() => this.#insertRun(r, null));
  }

  /** Saves a repeat or sweep with all its runs, in one transaction: all of them, or none.
   * `runs` are saved in order, which is the order they train in. */
  createGroup(g: NewGroup, runs: readonly NewRun[]): { group: RunGroupRow; runs: RunRow[] } {
    if (runs.length === 0) throw new StoreError('a group needs at least one run');
    const name = runName(g.name);
    return this.#write(() => {
      const groupId = this.#stmt(
        `INSERT INTO run_groups (kind, name, spec, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
      )
        .pluck()
        .get(g.kind, name, JSON.stringify({ seeds: g.seeds, axes: g.axes }), Date.now()) as number;
      const saved = runs.map((r) => this.#insertRun(r, groupId));
      return { group: this.#groupRow(groupId), runs: saved };
    });
  }

  getGroup(id: number): RunGroupRow {
    return this.#read(() => this.#groupRow(id));
  }

  /** Newest first. */
  listGroups(): RunGroupRow[] {
    return this.#read(() =>
      (
        this.#stmt(
          `SELECT ${GROUP_COLUMNS} FROM run_groups g ORDER BY g.created_at DESC, g.id DESC`,
        ).all() as GroupRecord[]
      ).map(toGroup),
    );
  }

  /** `initial`: the weights the run starts from, kept as its 'initial' model; a run that goes
   * on from a checkpoint keeps the ones it first started with. */
  startRun(id: number, info: StartInfo, owner: Owner, initial?: Float32Array): void {
    this.#write(() => {
      const run = this.#state(id, ['queued'], 'start');
      if (initial !== undefined) this.#saveModel(id, run, 'initial', 0, initial, 'IGNORE');
      this.#stmt(
        `UPDATE runs SET status = 'running', started_at = ?, train_count = ?,
           validation_count = ?, test_count = ?, test_held_out = ?, owner_id = ?, owner_pid = ?,
           owner_host = ?, backend = ?
         WHERE id = ?`,
      ).run(
        Date.now(),
        info.trainCount,
        info.validationCount,
        info.testCount,
        info.testHeldOut ? 1 : 0,
        owner.id,
        owner.pid,
        owner.host,
        info.backend,
        id,
      );
      this.#beat(owner);
    });
  }

  addProgress(id: number, p: ProgressRow): void {
    this.#write(() => {
      this.#state(id, ['running'], 'add progress to');
      this.#stmt(
        `INSERT OR REPLACE INTO progress (run_id, epoch, batch, batches, images, loss, accuracy,
           samples_per_second, elapsed_seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        p.epoch,
        p.batch,
        p.batches,
        p.images,
        p.loss,
        p.accuracy,
        p.samplesPerSecond,
        p.elapsedSeconds,
      );
    });
  }

  /** The epoch's metrics, its weights as the run's 'last' model (and as its 'best' when no
   * earlier epoch did as well), and the epoch count: together. `trainState` (core
   * train-state.ts bytes) goes with the 'last' model: what a resume continues from. */
  addEpoch(id: number, e: EpochRow, checkpoint: Float32Array, trainState?: Uint8Array): void {
    this.#write(() => {
      const run = this.#state(id, ['running'], 'add an epoch to');
      const best = this.#isBest(id, e);
      this.#stmt(
        `INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, train_accuracy, validation_loss,
           validation_accuracy, learning_rate, seconds, samples_per_second, gradient_norms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        e.epoch,
        e.trainLoss,
        e.trainAccuracy,
        e.validationLoss,
        e.validationAccuracy,
        e.learningRate,
        e.seconds,
        e.samplesPerSecond,
        e.gradientNorms === null ? null : JSON.stringify(e.gradientNorms),
      );
      this.#saveModel(id, run, 'last', e.epoch, checkpoint);
      const epochs = this.#stmt(`SELECT json_extract(config, '$.epochs') FROM runs WHERE id = ?`)
        .pluck()
        .get(id) as number;
      if (isTrajectoryEpoch(e.epoch, epochs))
        this.#stmt(
          'INSERT OR REPLACE INTO trajectory (run_id, epoch, weights) VALUES (?, ?, ?)',
        ).run(id, e.epoch, halfBlob(checkpoint));
      if (trainState !== undefined)
        this.#stmt(`UPDATE models SET train_state = ? WHERE run_id = ? AND kind = 'last'`).run(
          Buffer.from(trainState.buffer, trainState.byteOffset, trainState.byteLength),
          id,
        );
      if (best) this.#saveModel(id, run, 'best', e.epoch, checkpoint);
      this.#stmt(`UPDATE runs SET epochs_done = ?, ${SUMMARY_UPDATE} WHERE id = ?`).run(
        e.epoch,
        id,
      );
    });
  }

  /** Records what a learner did to a running run (or cancelling a queued one); returns it with
   * its time. */
  addRunEvent(id: number, e: Omit<RunEventRow, 'at'>): RunEventRow {
    return this.#write(() => {
      this.#state(
        id,
        e.kind === 'cancelled' ? ['queued', 'running'] : ['running'],
        `record a ${e.kind} event for`,
      );
      return this.#addRunEvent(id, e);
    });
  }

  #addRunEvent(id: number, e: Omit<RunEventRow, 'at'>): RunEventRow {
    if (!RUN_EVENT_KINDS.includes(e.kind))
      throw new StoreError(
        `unknown run event ${String(e.kind)}: use ${RUN_EVENT_KINDS.join(', ')}`,
      );
    if (e.kind === 'learning-rate' ? !Number.isFinite(e.value) : e.value !== null)
      throw new StoreError(
        e.kind === 'learning-rate'
          ? `a learning-rate event needs the new rate, got ${String(e.value)}`
          : `a ${e.kind} event has no value, got ${String(e.value)}`,
      );
    const row: RunEventRow = {
      at: Date.now(),
      epoch: e.epoch,
      batch: e.batch,
      kind: e.kind,
      value: e.value,
    };
    this.#stmt(
      `INSERT INTO run_events (run_id, seq, at, epoch, batch, kind, value)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM run_events WHERE run_id = ?),
         ?, ?, ?, ?, ?)`,
    ).run(id, id, row.at, row.epoch, row.batch, row.kind, row.value);
    return row;
  }

  completeRun(id: number, r: FinalResult, weights: Float32Array): void {
    this.#write(() => {
      const run = this.#state(id, ['running'], 'complete');
      this.#saveModel(id, run, 'final', run.epochs_done, weights);
      this.#stmt(
        `UPDATE runs SET status = 'completed', error = NULL, test_loss = ?, test_accuracy = ?,
           confusion = ?, train_seconds = ?, samples_per_second = ?, finished_at = ?
         WHERE id = ?`,
      ).run(
        r.testLoss,
        r.testAccuracy,
        JSON.stringify(r.confusion),
        r.trainSeconds,
        r.samplesPerSecond,
        Date.now(),
        id,
      );
    });
  }

  /** Ends a queued or running run without a result; what it saved so far stays. `tested`: its
   * best checkpoint's test metrics (a cancelled run is tested so). */
  endRun(
    id: number,
    status: 'cancelled' | 'failed' | 'interrupted',
    error: string | null,
    tested: TestResult | null = null,
  ): void {
    if (!END_STATUSES.includes(status))
      throw new StoreError(`a run cannot end as ${String(status)}: use ${END_STATUSES.join(', ')}`);
    this.#write(() => {
      this.#state(id, ['queued', 'running'], 'end');
      this.#stmt(
        `UPDATE runs SET status = ?, error = ?, finished_at = ?, test_loss = ?, test_accuracy = ?,
           confusion = ?
         WHERE id = ?`,
      ).run(
        status,
        error,
        Date.now(),
        tested?.testLoss ?? null,
        tested?.testAccuracy ?? null,
        tested === null ? null : JSON.stringify(tested.confusion),
        id,
      );
    });
  }

  /** Queues a cancelled or interrupted run again, to go on from its last checkpoint (from the
   * start if it stopped in its first epoch) under `owner`: its test result and the progress of the epoch it did not finish are dropped, and
   * its history says it went on. Throws StoreError for a run that cannot go on, saying why. */
  resumeRun(id: number, owner: Owner): RunRow {
    return this.#write(() => {
      const run = this.#state(id);
      const refuse = (why: string): never => {
        throw new StoreError(`run ${id} cannot be resumed: ${why}`);
      };
      if (!RESUMABLE.includes(run.status))
        refuse(
          run.status === 'completed' || run.status === 'failed'
            ? `it ${run.status}`
            : `it is ${run.status}`,
        );
      // Before its first epoch ended there is nothing to go on from: it starts from the beginning.
      if (run.epochs_done > 0 && this.#trainState(id) === null)
        refuse(
          'its checkpoint was saved by an older version of Backprop Lab, without the state ' +
            'training goes on from; start it again instead',
        );
      this.#stmt(
        `UPDATE runs SET status = 'queued', error = NULL, finished_at = NULL, test_loss = NULL,
           test_accuracy = NULL, confusion = NULL, owner_id = ?, owner_pid = ?, owner_host = ?
         WHERE id = ?`,
      ).run(owner.id, owner.pid, owner.host, id);
      this.#stmt('DELETE FROM progress WHERE run_id = ? AND epoch > ?').run(id, run.epochs_done);
      // Its weights will change: the landscapes computed from them no longer hold.
      this.#stmt('DELETE FROM landscapes WHERE run_id = ? OR other_id = ?').run(id, id);
      this.#beat(owner);
      this.#addRunEvent(id, { epoch: run.epochs_done, batch: 0, kind: 'continued', value: null });
      return this.#runRow(id);
    });
  }

  /** The training state saved with the run's last checkpoint (core train-state.ts bytes), or
   * null if it has none (no epoch finished, or saved before states were kept). */
  trainStateOf(id: number): Uint8Array<ArrayBuffer> | null {
    return this.#read(() => {
      this.#state(id);
      return this.#trainState(id);
    });
  }

  // --- owners (see owner.ts)

  /** Records that `owner` is alive now. */
  beat(owner: Owner): void {
    this.#write(() => this.#beat(owner));
  }

  /**
   * Marks queued and running runs as interrupted when their owner is gone: its heartbeat is
   * older than OWNER_STALE_MS, or it never had one (runs from before heartbeats); and forgets
   * stale owners (one is left by every process that owned runs). Returns the runs' ids. Reads first, and writes only when there is something
   * to end, so that sweeping every few seconds costs no write.
   */
  markOrphansInterrupted(now = Date.now()): number[] {
    const staleBefore = now - OWNER_STALE_MS;
    const sql = `SELECT r.id, r.owner_id, r.owner_pid, r.owner_host, o.last_beat
       FROM runs r LEFT JOIN owners o ON o.id = r.owner_id
       WHERE r.status IN ('queued', 'running') AND (o.last_beat IS NULL OR o.last_beat < ?)
       ORDER BY r.id`;
    const find = () => this.#stmt(sql).all(staleBefore) as Orphan[];
    const staleOwners = () =>
      this.#stmt('SELECT count(*) FROM owners WHERE last_beat < ?').pluck().get(staleBefore);
    if (this.#read(() => find().length === 0 && staleOwners() === 0)) return [];
    return this.#write(() => {
      const ended: number[] = [];
      for (const r of find()) {
        this.#stmt(
          `UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ?`,
        ).run(orphanReason(r, now), now, r.id);
        ended.push(r.id);
      }
      this.#stmt('DELETE FROM owners WHERE last_beat < ?').run(staleBefore);
      return ended;
    });
  }

  // --- reading runs

  getRun(id: number): RunRow {
    return this.#read(() => this.#runRow(id));
  }

  /** Newest first. */
  listRuns(filter: RunFilter = {}): RunSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.status !== undefined) {
      if (!RUN_STATUSES.includes(filter.status))
        throw new StoreError(
          `unknown run status ${String(filter.status)}: use ${RUN_STATUSES.join(', ')}`,
        );
      where.push('r.status = ?');
      params.push(filter.status);
    }
    if (filter.groupId !== undefined) {
      where.push('r.group_id = ?');
      params.push(filter.groupId);
    }
    if (filter.tag !== undefined) {
      where.push(
        'r.id IN (SELECT run_id FROM run_tags WHERE tag IN (SELECT value FROM json_each(?)))',
      );
      params.push(JSON.stringify(this.#spellingsOf(filter.tag.trim())));
    }
    const limit = filter.limit ?? -1; // SQLite: a negative limit means none
    if (!Number.isInteger(limit) || limit === 0 || limit < -1)
      throw new StoreError(`a listing limit must be a whole number above 0, got ${filter.limit}`);
    const sql = `SELECT ${LISTING_COLUMNS} FROM runs r JOIN datasets d ON d.id = r.dataset_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ?`;
    return this.#read(() =>
      (this.#stmt(sql).all(...params, limit) as ListingRecord[]).map(toSummary),
    );
  }

  getEpochs(id: number): EpochRow[] {
    return this.#read(() => {
      this.#state(id);
      const rows = this.#stmt('SELECT * FROM epochs WHERE run_id = ? ORDER BY epoch').all(id);
      return (rows as EpochRecord[]).map(toEpoch);
    });
  }

  getProgress(id: number): ProgressRow[] {
    return this.#read(() => {
      this.#state(id);
      const rows = this.#stmt('SELECT * FROM progress WHERE run_id = ? ORDER BY epoch, batch').all(
        id,
      );
      return (rows as ProgressRecord[]).map(toProgress);
    });
  }

  /** What learners did to the run while it trained, in order. */
  getRunEvents(id: number): RunEventRow[] {
    return this.#read(() => {
      this.#state(id);
      const rows = this.#stmt(
        'SELECT at, epoch, batch, kind, value FROM run_events WHERE run_id = ? ORDER BY seq',
      ).all(id);
      return (rows as RunEventRecord[]).map(toRunEvent);
    });
  }

  /** Which models the run has saved and from which epoch, by kind: best, final, last. */
  listModels(id: number): { kind: ModelKind; epoch: number }[] {
    return this.#read(() => {
      this.#state(id);
      return this.#stmt('SELECT kind, epoch FROM models WHERE run_id = ? ORDER BY kind').all(
        id,
      ) as { kind: ModelKind; epoch: number }[];
    });
  }

  /** The test confusion matrix (row = true digit, column = predicted); null until completed. */
  getConfusion(id: number): number[][] | null {
    return this.#read(() => {
      this.#state(id);
      const json = this.#stmt('SELECT confusion FROM runs WHERE id = ?').pluck().get(id);
      return json === null ? null : (JSON.parse(json as string) as number[][]);
    });
  }

  /** The run's weights: `kind`, or by default the final model if there is one, else the last
   * (never the best: by default a run's model is where its training ended). */
  getModel(id: number, kind?: ModelKind): ModelRow | null {
    return this.#read(() => {
      this.#state(id);
      const columns = 'kind, epoch, sizes, activations, weights';
      const r =
        kind === undefined
          ? this.#stmt(
              `SELECT ${columns} FROM models WHERE run_id = ? AND kind IN ('final', 'last')
               ORDER BY kind = 'final' DESC LIMIT 1`,
            ).get(id)
          : this.#stmt(`SELECT ${columns} FROM models WHERE run_id = ? AND kind = ?`).get(id, kind);
      return r === undefined ? null : toModel(r as ModelRecord);
    });
  }

  /** The run's training path, oldest first: its initial weights (epoch 0) when saved, then
   * the kept epochs' weights (store/trajectory.ts), read back from half precision. */
  getTrajectory(id: number): TrajectoryRow[] {
    return this.#read(() => {
      this.#state(id);
      const initial = this.getModel(id, 'initial');
      const rows = this.#stmt(
        'SELECT epoch, weights FROM trajectory WHERE run_id = ? ORDER BY epoch',
      ).all(id) as { epoch: number; weights: Buffer }[];
      return [
        ...(initial === null ? [] : [{ epoch: 0, weights: initial.weights }]),
        ...rows.map((r) => ({ epoch: r.epoch, weights: floatsFromHalfBlob(r.weights) })),
      ];
    });
  }

  // --- the loss landscapes computed (services/landscape.ts): one row per run and parameters

  /** The landscape of run `runId` with these parameters (JSON, as the service writes them). */
  findLandscape(runId: number, params: string): LandscapeRow | null {
    return this.#read(() => {
      const r = this.#stmt(
        `SELECT ${LANDSCAPE_COLUMNS} FROM landscapes WHERE run_id = ? AND params = ?`,
      ).get(runId, params) as LandscapeRecord | undefined;
      return r === undefined ? null : toLandscape(r);
    });
  }

  getLandscape(landscapeId: number): LandscapeRow {
    return this.#read(() => {
      const r = this.#stmt(`SELECT ${LANDSCAPE_COLUMNS} FROM landscapes WHERE id = ?`).get(
        landscapeId,
      ) as LandscapeRecord | undefined;
      if (r === undefined) throw new NotFoundError(`landscape ${landscapeId}`);
      return toLandscape(r);
    });
  }

  /** A landscape about to be computed (its result NULL until setLandscapeResult). */
  addLandscape(
    runId: number,
    otherId: number | null,
    kind: LandscapeRow['kind'],
    params: string,
  ): LandscapeRow {
    return this.#write(() => {
      this.#state(runId);
      if (otherId !== null) this.#state(otherId);
      const id = this.#stmt(
        `INSERT INTO landscapes (run_id, other_id, kind, params, result, created_at)
         VALUES (?, ?, ?, ?, NULL, ?) RETURNING id`,
      )
        .pluck()
        .get(runId, otherId, kind, params, Date.now()) as number;
      return this.getLandscape(id);
    });
  }

  setLandscapeResult(landscapeId: number, result: string): void {
    this.#write(() => {
      this.getLandscape(landscapeId);
      this.#stmt('UPDATE landscapes SET result = ? WHERE id = ?').run(result, landscapeId);
    });
  }

  deleteLandscape(landscapeId: number): void {
    this.#write(() => {
      this.#stmt('DELETE FROM landscapes WHERE id = ?').run(landscapeId);
    });
  }

  // --- what the user edits

  renameRun(id: number, name: string): void {
    const clean = runName(name);
    this.#write(() => {
      this.#state(id);
      this.#stmt('UPDATE runs SET name = ? WHERE id = ?').run(clean, id);
    });
  }

  setNotes(id: number, notes: string): void {
    this.#write(() => {
      this.#state(id);
      this.#stmt('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id);
    });
  }

  addTags(id: number, tags: readonly string[]): void {
    const clean = tagList(tags);
    this.#write(() => {
      this.#state(id);
      this.#insertTags(id, clean);
    });
  }

  removeTags(id: number, tags: readonly string[]): void {
    const clean = tagList(tags);
    this.#write(() => {
      this.#state(id);
      const remove = this.#stmt(
        'DELETE FROM run_tags WHERE run_id = ? AND tag IN (SELECT value FROM json_each(?))',
      );
      for (const tag of clean) remove.run(id, JSON.stringify(this.#spellingsOf(tag)));
    });
  }

  /** Replaces the run's tags with `tags`: all of them or, if any is refused, none. */
  setTags(id: number, tags: readonly string[]): void {
    const clean = tagList(tags);
    this.#write(() => {
      this.#state(id);
      this.#stmt('DELETE FROM run_tags WHERE run_id = ?').run(id);
      this.#insertTags(id, clean);
    });
  }

  /** Deletes the runs with everything they hold; if any id is unknown, deletes none. */
  deleteRuns(ids: readonly number[]): void {
    this.#write(() => {
      const unique = [...new Set(ids)];
      for (const id of unique) this.#state(id);
      const remove = this.#stmt('DELETE FROM runs WHERE id = ?');
      for (const id of unique) remove.run(id);
      this.#stmt(
        'DELETE FROM run_groups WHERE id NOT IN (SELECT group_id FROM runs WHERE group_id IS NOT NULL)',
      ).run();
    });
  }

  // --- helpers

  #stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.#db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  /** Runs `fn`, turning SQLite's failures (a damaged file above all) into StoreErrors. */
  #read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const error = storeErrorFor(this.path, e);
      if (isDamage(error)) this.#damage ??= error;
      throw error;
    }
  }

  /** `fn` in one transaction that takes the write lock at its start, so it never has to wait
   * for it half-way (where SQLite could only fail with SQLITE_BUSY). */
  #write<T>(fn: () => T): T {
    if (this.#damage !== null) throw this.#damage;
    return this.#read(() => this.#db.transaction(fn).immediate());
  }

  #beat(owner: Owner): void {
    this.#stmt(
      `INSERT INTO owners (id, pid, host, last_beat) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host,
         last_beat = excluded.last_beat`,
    ).run(owner.id, owner.pid, owner.host, Date.now());
  }

  #datasetRecord(idOrName: number | string): DatasetRecord | undefined {
    const column = typeof idOrName === 'number' ? 'id' : 'name';
    return this.#stmt(`SELECT * FROM datasets WHERE ${column} = ?`).get(idOrName) as
      DatasetRecord | undefined;
  }

  #insertRun(r: NewRun, groupId: number | null): RunRow {
    const name = runName(r.name);
    const tags = tagList(r.tags ?? []);
    const d = this.#datasetRecord(r.datasetId);
    if (!d) throw new NotFoundError(`dataset ${r.datasetId}`);
    const sizes = architectureOf(r.config, d);
    // A number no run ever had, even one deleted since (see migration 6).
    const id = this.#stmt(
      `UPDATE id_counters SET last = max(last, (SELECT coalesce(max(id), 0) FROM runs)) + 1
       WHERE name = 'runs' RETURNING last`,
    )
      .pluck()
      .get() as number;
    this.#stmt(
      `INSERT INTO runs (id, name, notes, status, preset, config, seed, architecture,
         parameters, dataset_id, created_at, owner_id, owner_pid, owner_host, group_id)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      name,
      r.notes ?? '',
      r.preset,
      JSON.stringify(r.config),
      r.config.seed,
      sizes.join('-'),
      parameterCount(sizes),
      d.id,
      Date.now(),
      r.owner.id,
      r.owner.pid,
      r.owner.host,
      groupId,
    );
    // Owning a run starts with a fresh heartbeat, so no sweep can find the run ownerless
    // before the owner's first scheduled beat.
    this.#beat(r.owner);
    this.#insertTags(id, tags);
    return this.#runRow(id);
  }

  #groupRow(id: number): RunGroupRow {
    const g = this.#stmt(`SELECT ${GROUP_COLUMNS} FROM run_groups g WHERE g.id = ?`).get(id) as
      GroupRecord | undefined;
    if (g === undefined) throw new NotFoundError(`group ${id}`);
    return toGroup(g);
  }

  #runRow(id: number): RunRow {
    const r = this.#stmt(
      `SELECT ${RUN_COLUMNS} FROM runs r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?`,
    ).get(id);
    if (r === undefined) throw new NotFoundError(`run ${id}`);
    return toRun(r as RunRecord);
  }

  /** The run's state; NotFoundError if there is no such run, StoreError if its status is not
   * one of `allowed` (then `action` says what could not be done). */
  #state(id: number, allowed?: readonly RunStatus[], action = ''): RunState {
    const run = this.#stmt(
      `SELECT status, architecture, parameters, json_extract(config, '$.activations') AS activations,
         epochs_done
       FROM runs WHERE id = ?`,
    ).get(id) as RunState | undefined;
    if (run === undefined) throw new NotFoundError(`run ${id}`);
    if (allowed !== undefined && !allowed.includes(run.status))
      throw new StoreError(`cannot ${action} run ${id}: it is ${run.status}`);
    return run;
  }

  /** Whether epoch `e` beats every earlier epoch of the run: higher validation accuracy, or
   * lower training loss when the run validates nothing. The first epoch always does. */
  #isBest(id: number, e: EpochRow): boolean {
    const column = e.validationAccuracy === null ? 'min(train_loss)' : 'max(validation_accuracy)';
    const earlier = this.#stmt(`SELECT ${column} FROM epochs WHERE run_id = ? AND epoch < ?`)
      .pluck()
      .get(id, e.epoch) as number | null;
    if (earlier === null) return true;
    return e.validationAccuracy === null ? e.trainLoss < earlier : e.validationAccuracy > earlier;
  }

  #trainState(id: number): Uint8Array<ArrayBuffer> | null {
    const state = this.#stmt(`SELECT train_state FROM models WHERE run_id = ? AND kind = 'last'`)
      .pluck()
      .get(id) as Buffer | null | undefined;
    return state == null ? null : new Uint8Array(state);
  }

  // Tags ignore case: "Adam" and "adam" are one tag, kept as first spelled (by the earliest run
  // that has it). SQLite's NOCASE folds only ASCII letters, so case is compared here instead.

  /** Every stored spelling of each tag, by its lower case, the earliest run's first. */
  #tagSpellings(): Map<string, string[]> {
    const stored = this.#stmt('SELECT tag FROM run_tags GROUP BY tag ORDER BY min(run_id), tag')
      .pluck()
      .all() as string[];
    const spellings = new Map<string, string[]>();
    for (const tag of stored) {
      const key = tag.toLowerCase();
      spellings.set(key, [...(spellings.get(key) ?? []), tag]);
    }
    return spellings;
  }

  #spellingsOf(tag: string): string[] {
    return this.#tagSpellings().get(tag.toLowerCase()) ?? [tag];
  }

  #insertTags(id: number, tags: readonly string[]): void {
    const spellings = this.#tagSpellings();
    const has = new Set(
      (this.#stmt('SELECT tag FROM run_tags WHERE run_id = ?').pluck().all(id) as string[]).map(
        (t) => t.toLowerCase(),
      ),
    );
    const insert = this.#stmt('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
    for (const tag of tags) {
      const key = tag.toLowerCase();
      if (has.has(key)) continue;
      has.add(key);
      insert.run(id, spellings.get(key)?.[0] ?? tag);
    }
  }

  #saveModel(
    id: number,
    run: RunState,
    kind: ModelKind,
    epoch: number,
    w: Float32Array,
    conflict: 'REPLACE' | 'IGNORE' = 'REPLACE',
  ): void {
    if (w.length !== run.parameters)
      throw new StoreError(
        `run ${id} (${run.architecture}) has ${run.parameters} parameters, ` +
          `but the ${kind} weights given hold ${w.length} values`,
      );
    const sizes = run.architecture.split('-').map(Number);
    this.#stmt(
      `INSERT OR ${conflict} INTO models (run_id, kind, epoch, sizes, activations, weights)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(id, kind, epoch, JSON.stringify(sizes), run.activations, blobFromFloats(w));
  }
}
