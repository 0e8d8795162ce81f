// The database schema, one migration per release that changed it. `PRAGMA user_version` holds
// the number of migrations applied; each runs in its own transaction, so a crash mid-way leaves
// the file at the previous version, never between two. Never edit a released migration: add one.

import type Database from 'better-sqlite3';

/** Marks the file as ours in its header ('BPLB'), so another program's SQLite file is refused. */
export const APPLICATION_ID = 0x42504c42;

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    // Release 1: datasets, runs with their final metrics and confusion matrix (JSON), tags,
    // per-epoch metrics, and the 'last' (each epoch) and 'final' weights of each run.
    version: 1,
    sql: `
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('builtin', 'csv', 'idx')),
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        train_count INTEGER NOT NULL,
        test_count INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        cols INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed', 'interrupted')),
        error TEXT,
        preset TEXT,
        config TEXT NOT NULL,
        seed INTEGER NOT NULL,
        architecture TEXT NOT NULL,
        parameters INTEGER NOT NULL,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        train_count INTEGER,
        validation_count INTEGER,
        test_count INTEGER,
        test_held_out INTEGER,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        train_seconds REAL,
        samples_per_second REAL,
        test_loss REAL,
        test_accuracy REAL,
        confusion TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE TABLE run_tags (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) WITHOUT ROWID;
      CREATE TABLE epochs (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        train_loss REAL NOT NULL,
        train_accuracy REAL NOT NULL,
        validation_loss REAL,
        validation_accuracy REAL,
        learning_rate REAL NOT NULL,
        seconds REAL NOT NULL,
        samples_per_second REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
      CREATE TABLE models (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('last', 'final')),
        epoch INTEGER NOT NULL,
        sizes TEXT NOT NULL,
        activations TEXT NOT NULL,
        weights BLOB NOT NULL,
        PRIMARY KEY (run_id, kind)
      );
    `,
  },
  {
    // Release 2: live progress points kept with the run, which process owns a run (so runs left
    // behind by a crash can be told from runs still training), and indexes for the history list.
    version: 2,
    sql: `
      CREATE TABLE progress (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        batch INTEGER NOT NULL,
        batches INTEGER NOT NULL,
        loss REAL NOT NULL,
        accuracy REAL NOT NULL,
        samples_per_second REAL NOT NULL,
        elapsed_seconds REAL NOT NULL,
        PRIMARY KEY (run_id, epoch, batch)
      ) WITHOUT ROWID;
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_started TEXT;
      CREATE INDEX runs_by_created ON runs (created_at, id);
      CREATE INDEX runs_by_status ON runs (status, created_at, id);
      CREATE INDEX runs_by_dataset ON runs (dataset_id);
      CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);
    `,
  },
  {
    // Release 3: what a learner did to a live run (pauses, single steps, resumes, learning-rate
    // changes), in order; and a 'best' model beside 'last' and 'final'. SQLite cannot change a
    // CHECK constraint, so models is rebuilt with the wider one and its rows copied over.
    version: 3,
    sql: `
      CREATE TABLE run_events (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        batch INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('paused', 'resumed', 'step', 'learning-rate')),
        value REAL,
        CHECK ((kind = 'learning-rate') = (value IS NOT NULL)),
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      ALTER TABLE models RENAME TO models_v2;
      CREATE TABLE models (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('last', 'final', 'best')),
        epoch INTEGER NOT NULL,
        sizes TEXT NOT NULL,
        activations TEXT NOT NULL,
        weights BLOB NOT NULL,
        PRIMARY KEY (run_id, kind)
      );
      INSERT INTO models (run_id, kind, epoch, sizes, activations, weights)
        SELECT run_id, kind, epoch, sizes, activations, weights FROM models_v2;
      DROP TABLE models_v2;
    `,
  },
  {
    // Release 4: each epoch's mean weight-gradient norm per layer, a JSON array (input-side
    // layer first); NULL for epochs trained before it was measured.
    version: 4,
    sql: `
      ALTER TABLE epochs ADD COLUMN gradient_norms TEXT;
    `,
  },
  {
    // Release 5: liveness by heartbeat instead of pid (pids differ across PID namespaces): one
    // row per owning process, refreshed every few seconds (store/owner.ts), and each run's
    // owner id. owner_host (with owner_pid) names the owner in messages; owner_started, the
    // pid's start time that release 2 compared, is no longer written.
    version: 5,
    sql: `
      CREATE TABLE owners (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        last_beat INTEGER NOT NULL
      ) WITHOUT ROWID;
      ALTER TABLE runs ADD COLUMN owner_id TEXT;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
    `,
  },
  {
    // Release 6: run numbers are never given twice. SQLite reuses the highest rowid once its row
    // is deleted, so the last number given is kept apart (AUTOINCREMENT would need the runs
    // table rebuilt, which its foreign keys forbid inside a transaction) and existing ids stay.
    // Progress records images done within a batch (a full batch moves chunk by chunk); the
    // 'last' checkpoint carries the training state a resume continues from (optimiser moments,
    // random streams, the epochs' order); and history records cancels and resumes of a run,
    // so run_events is rebuilt with the wider CHECK and its rows copied over.
    version: 6,
    sql: `
      CREATE TABLE id_counters (
        name TEXT PRIMARY KEY,
        last INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO id_counters (name, last) SELECT 'runs', coalesce(max(id), 0) FROM runs;
      ALTER TABLE progress ADD COLUMN images INTEGER;
      ALTER TABLE models ADD COLUMN train_state BLOB;
      ALTER TABLE run_events RENAME TO run_events_v5;
      CREATE TABLE run_events (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        batch INTEGER NOT NULL,
        kind TEXT NOT NULL
          CHECK (kind IN ('paused', 'resumed', 'step', 'learning-rate', 'cancelled', 'continued')),
        value REAL,
        CHECK ((kind = 'learning-rate') = (value IS NOT NULL)),
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO run_events (run_id, seq, at, epoch, batch, kind, value)
        SELECT run_id, seq, at, epoch, batch, kind, value FROM run_events_v5;
      DROP TABLE run_events_v5;
    `,
  },
  {
    // Release 7: the kernels a run computed on (WebAssembly SIMD or the TypeScript reference,
    // in the chooser's few words); NULL for runs started before it was recorded.
    version: 7,
    sql: `
      ALTER TABLE runs ADD COLUMN backend TEXT;
    `,
  },
  {
    // Release 8: runs queued together as a repeat over seeds or a sweep over settings' values.
    // A group keeps what it varied (spec: seeds and axes, JSON) so its view can lay the runs
    // out; deleting a run leaves its group, deleting a group's last run removes it. And each
    // run's summary values besides its final test: its best epoch by validation accuracy (by
    // training loss without a validation part) and its lowest loss (validation, else training),
    // kept up to date with every epoch (store.ts, SUMMARY_UPDATE) so a listing reads them.
    version: 8,
    sql: `
      CREATE TABLE run_groups (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('repeat', 'sweep')),
        name TEXT NOT NULL,
        spec TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      ALTER TABLE runs ADD COLUMN group_id INTEGER REFERENCES run_groups (id);
      CREATE INDEX runs_by_group ON runs (group_id, id);
      ALTER TABLE runs ADD COLUMN best_epoch INTEGER;
      ALTER TABLE runs ADD COLUMN best_accuracy REAL;
      ALTER TABLE runs ADD COLUMN min_loss_epoch INTEGER;
      ALTER TABLE runs ADD COLUMN min_loss REAL;
      UPDATE runs SET
        (best_epoch, best_accuracy) = (SELECT epoch, validation_accuracy FROM epochs e
          WHERE e.run_id = runs.id ORDER BY coalesce(-validation_accuracy, train_loss), epoch
          LIMIT 1),
        (min_loss_epoch, min_loss) = (SELECT epoch, coalesce(validation_loss, train_loss)
          FROM epochs e WHERE e.run_id = runs.id ORDER BY 2, epoch LIMIT 1);
    `,
  },
  {
    // Release 9: what the loss landscape needs (services/landscape.ts). Each run's initial
    // weights as a model of kind 'initial' (the models table is rebuilt for the wider CHECK, its
    // rows copied over); its training path, a point per kept epoch (store/trajectory.ts says
    // which and at what cost); and landscapes computed, kept per run and parameters (JSON) with
    // their result (JSON, NULL while a worker computes it), under ids never given twice (a
    // window may still hold the id of one that failed and was removed).
    version: 9,
    sql: `
      ALTER TABLE models RENAME TO models_v8;
      CREATE TABLE models (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('last', 'final', 'best', 'initial')),
        epoch INTEGER NOT NULL,
        sizes TEXT NOT NULL,
        activations TEXT NOT NULL,
        weights BLOB NOT NULL,
        train_state BLOB,
        PRIMARY KEY (run_id, kind)
      );
      INSERT INTO models (run_id, kind, epoch, sizes, activations, weights, train_state)
        SELECT run_id, kind, epoch, sizes, activations, weights, train_state FROM models_v8;
      DROP TABLE models_v8;
      CREATE TABLE trajectory (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        weights BLOB NOT NULL,
        PRIMARY KEY (run_id, epoch)
      );
      CREATE TABLE landscapes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        other_id INTEGER REFERENCES runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('1d', 'between', '2d')),
        params TEXT NOT NULL,
        result TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (run_id, params)
      );
      CREATE INDEX landscapes_by_other ON landscapes (other_id);
    `,
  },
];

/** The newest schema this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations after the file's version, up to `target`; returns the versions applied. */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    // IMMEDIATE takes the write lock first, and the version is read again under it: two
    // processes opening a new file at once apply each migration exactly once.
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}
