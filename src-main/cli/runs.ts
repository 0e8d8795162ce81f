// Commands that read or edit saved runs: list, show, rename, note, tag, delete.

import { createInterface } from 'node:readline/promises';
import { configSettings } from '../../src-core/config-diff.ts';
import { atChance } from '../../src-core/divergence.ts';
import { perClassAccuracy } from '../../src-core/metrics.ts';
import { CLASSES } from '../../src-core/limits.ts';
import {
  compileQuery,
  pointAt,
  QUERY_HELP,
  QueryError,
  type RunPredicate,
} from '../../src-core/query/index.ts';
import { groupBySettings, type SettingsGroup } from '../../src-core/run-groups.ts';
import { RUN_STATUSES, type RunStatus, type RunSummary } from '../contract/rows.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import {
  chanceNote,
  meanStd,
  confusionTable,
  duration,
  jsonLine,
  percent,
  printable,
  table,
} from './format.ts';
import { parseFlags } from './train-options.ts';

const dbFlag = { db: { type: 'string' }, json: { type: 'boolean' } } as const;

const when = (ms: number | null): string =>
  ms === null ? '–' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const accuracy = (a: number | null): string => (a === null ? '–' : percent(a));

/** A completed run whose test accuracy is no better than a guess: derived, never stored. */
const endedAtChance = (r: Pick<RunSummary, 'status' | 'testAccuracy'>): boolean =>
  r.status === 'completed' && r.testAccuracy !== null && atChance(r.testAccuracy, CLASSES);

const statusText = (r: Pick<RunSummary, 'status' | 'testAccuracy'>): string =>
  endedAtChance(r) ? `${r.status}, at chance` : r.status;

function summaryRow(r: RunSummary): (string | number)[] {
  return [
    r.id,
    r.name,
    statusText(r),
    `${r.preset ?? 'custom'} ${r.architecture}`,
    r.optimizer,
    `${r.epochsDone}/${r.epochsPlanned}`,
    accuracy(r.testAccuracy),
    r.trainSeconds === null ? '–' : duration(r.trainSeconds),
    when(r.createdAt),
  ];
}

export async function listCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...dbFlag,
    status: { type: 'string' },
    tag: { type: 'string' },
    where: { type: 'string' },
    group: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    console.log(LIST_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`list: unexpected argument '${positionals[0]}'`);
  if (values.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(values.status))
    throw new UsageError(`--status: '${values.status}' is not one of ${RUN_STATUSES.join(', ')}`);
  // Read before the database opens: a query that cannot be read needs no runs to say so.
  const matches = values.where === undefined ? null : whereQuery(values.where);
  const store = openStore(values.db);
  try {
    const listed = store.listRuns({
      status: values.status as RunStatus | undefined,
      tag: values.tag,
    });
    const runs = matches === null ? listed : listed.filter(matches);
    if (values.group === true) printGroups(groupBySettings(runs), values.json === true);
    else if (values.json)
      for (const { epochsPlanned, ...r } of runs)
        // `epochs` is the JSON field's published name for the planned count.
        console.log(jsonLine({ ...r, epochs: epochsPlanned, atChance: endedAtChance(r) }));
    else if (runs.length > 0) console.log(table(RUN_COLUMNS, runs.map(summaryRow)));
    else if (listed.length > 0)
      console.log(`None of the ${listed.length} runs listed matches the --where query.`);
    else console.log('No runs yet. Start one with: backprop-lab train --preset quick');
    return 0;
  } finally {
    store.close();
  }
}

const LIST_HELP = [
  'Usage: backprop-lab list [--status S] [--tag T] [--where QUERY] [--group] [--json]',
  '',
  '  --where QUERY   only the runs the query matches, e.g.',
  "                  --where 'optimizer = adam and lr < 0.01 and test > 97%'",
  '  --group         one line per group of runs with the same settings but the seed',
  '                  (and the same dataset): n, test accuracy mean ± std, range, time',
  '',
  QUERY_HELP,
].join('\n');

const RUN_COLUMNS = [
  'id',
  'name',
  'status',
  'preset / network',
  'optimizer',
  'epochs',
  'test acc',
  'time',
  'created',
];

/** `--where`'s query as a predicate; a usage error with a caret under what it cannot read. */
function whereQuery(query: string): RunPredicate {
  try {
    return compileQuery(query);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    // A query too long to read is too long to show: its message says where it was cut.
    const shown = error.problem === 'too-long' ? '' : `\n${indent(pointAt(query, error))}`;
    throw new UsageError(`--where: ${error.message}${shown}\n(see backprop-lab list --help)`);
  }
}

const indent = (text: string): string => text.replace(/^/gm, '  ');

const GROUP_IDS_SHOWN = 5;

/** One line per group of runs with the same settings but the seed, with its spread. */
function printGroups(groups: SettingsGroup<RunSummary>[], json: boolean): void {
  if (json) {
    for (const g of groups)
      console.log(
        jsonLine({
          type: 'group',
          runs: g.members.map((r) => r.id),
          n: g.n,
          accuracy: g.accuracy,
          seconds: g.seconds,
          datasetId: g.members[0].datasetId,
          config: g.members[0].config,
        }),
      );
    return;
  }
  if (groups.length === 0) {
    console.log('No runs to group.');
    return;
  }
  const rows = groups.map(({ members, n, accuracy, seconds }) => {
    const [first] = members;
    const ids = members.map((r) => r.id);
    return [
      ids.length <= GROUP_IDS_SHOWN
        ? ids.join(',')
        : `${ids.slice(0, GROUP_IDS_SHOWN).join(',')},…`,
      n,
      first.datasetName,
      first.architecture,
      first.optimizer,
      String(first.learningRate),
      String(first.batchSize),
      first.epochsPlanned,
      `${accuracy?.n ?? 0}/${n}`,
      meanStd(accuracy, (x) => percent(x)),
      accuracy === null ? '–' : `${percent(accuracy.min)}–${percent(accuracy.max)}`,
      meanStd(seconds, duration),
    ];
  });
  console.log(
    table(
      [
        'runs',
        'n',
        'dataset',
        'network',
        'optimizer',
        'lr',
        'batch',
        'epochs',
        'results',
        'test acc',
        'range',
        'time',
      ],
      rows,
    ),
  );
}

export async function showCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, dbFlag);
  if (positionals.length !== 1) throw new UsageError('usage: backprop-lab show RUN');
  const id = runId(positionals[0]);
  const store = openStore(values.db);
  try {
    const run = store.getRun(id);
    const epochs = store.getEpochs(id);
    const confusion = store.getConfusion(id);
    if (values.json) {
      console.log(jsonLine({ ...run, atChance: endedAtChance(run), epochs, confusion }));
      return 0;
    }
    const tags = run.tags.map((t) => printable(t)).join(', ');
    const lines = [
      `Run ${run.id}: ${printable(run.name)}  [${statusText(run)}]${run.tags.length > 0 ? `  tags: ${tags}` : ''}`,
      ...(run.error !== null ? [`Error: ${printable(run.error)}`] : []),
      ...(run.notes !== '' ? [`Notes: ${printable(run.notes, true)}`] : []),
      `Dataset ${printable(run.datasetName)} (sha256 ${run.datasetHash.slice(0, 12)}…)` +
        (run.trainCount === null
          ? ''
          : `: ${run.trainCount} train, ${run.validationCount} validation, ${run.testCount} test`),
      `Network ${printable(run.architecture)} (${run.parameters.toLocaleString('en-US')} parameters), ` +
        `preset ${printable(run.preset ?? 'none')}${run.presetModified ? ', modified' : ''}`,
      `Created ${when(run.createdAt)}, finished ${when(run.finishedAt)}` +
        (run.trainSeconds === null
          ? ''
          : `, ${duration(run.trainSeconds)} of training, ${Math.round(run.samplesPerSecond ?? 0)} samples/s`),
      ...(run.backend !== null ? [`Backend ${printable(run.backend)}`] : []),
      '',
      table(['setting', 'value'], configSettings(run.config)),
      '',
    ];
    if (epochs.length === 0) lines.push('No finished epochs.');
    else
      lines.push(
        table(
          [
            'epoch',
            'train loss',
            'train acc',
            'val loss',
            'val acc',
            'lr',
            'seconds',
            'grad norms',
          ],
          epochs.map((e) => [
            e.epoch,
            e.trainLoss.toFixed(4),
            percent(e.trainAccuracy),
            e.validationLoss?.toFixed(4) ?? '–',
            accuracy(e.validationAccuracy),
            e.learningRate.toPrecision(3),
            e.seconds.toFixed(1),
            // Per layer, input side first: a first layer far below the last means vanishing.
            e.gradientNorms?.map((n) => n.toExponential(1)).join(' ') ?? '–',
          ]),
        ),
      );
    if (run.testAccuracy !== null)
      lines.push(
        '',
        `Test accuracy ${percent(run.testAccuracy)}, loss ${run.testLoss?.toFixed(4)}`,
        ...(endedAtChance(run) ? [chanceNote(CLASSES)] : []),
      );
    if (confusion !== null) {
      lines.push(
        'Confusion matrix (rows: true digit, columns: predicted digit)',
        confusionTable(confusion),
      );
      lines.push(
        `Per-digit accuracy: ${perClassAccuracy(confusion)
          .map((a, d) => `${d}: ${percent(a, 1)}`)
          .join('  ')}`,
      );
    }
    console.log(lines.join('\n'));
    return 0;
  } finally {
    store.close();
  }
}

export async function renameCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, dbFlag);
  if (positionals.length !== 2) throw new UsageError('usage: backprop-lab rename RUN NEW-NAME');
  const id = runId(positionals[0]);
  return edit(values.db, values.json, id, (store) => store.renameRun(id, positionals[1]));
}

export async function noteCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, dbFlag);
  if (positionals.length !== 2)
    throw new UsageError('usage: backprop-lab note RUN "TEXT" (an empty text clears the notes)');
  const id = runId(positionals[0]);
  return edit(values.db, values.json, id, (store) => store.setNotes(id, positionals[1]));
}

export async function tagCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...dbFlag, remove: { type: 'boolean' } });
  if (positionals.length < 2) throw new UsageError('usage: backprop-lab tag RUN TAG… [--remove]');
  const id = runId(positionals[0]);
  const tags = positionals.slice(1);
  return edit(values.db, values.json, id, (store) =>
    values.remove ? store.removeTags(id, tags) : store.addTags(id, tags),
  );
}

async function edit(
  db: string | undefined,
  json: boolean | undefined,
  id: number,
  change: (store: ReturnType<typeof openStore>) => void,
): Promise<number> {
  const store = openStore(db);
  try {
    change(store);
    const run = store.getRun(id);
    if (json)
      console.log(jsonLine({ id: run.id, name: run.name, notes: run.notes, tags: run.tags }));
    else
      console.log(
        `Run ${run.id}: ${printable(run.name)}` +
          (run.tags.length ? `  tags: ${run.tags.map((t) => printable(t)).join(', ')}` : '') +
          (run.notes ? `\nNotes: ${printable(run.notes, true)}` : ''),
      );
    return 0;
  } finally {
    store.close();
  }
}

export async function deleteCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    ...dbFlag,
    yes: { type: 'boolean', short: 'y' },
  });
  if (positionals.length === 0) throw new UsageError('usage: backprop-lab delete RUN… [--yes]');
  const ids = positionals.map((p) => runId(p));
  const store = openStore(values.db);
  try {
    const runs = ids.map((id) => store.getRun(id)); // unknown ids fail here, before anything is asked
    if (!values.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError(
          'delete: not asking on a non-interactive terminal; add --yes to delete',
        );
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(
        `Delete ${runs.map((r) => `run ${r.id} "${printable(r.name)}"`).join(', ')} and everything saved with ${runs.length > 1 ? 'them' : 'it'}? [y/N] `,
      );
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        console.error('Nothing deleted.');
        return 1;
      }
    }
    const active = runs.filter((r) => r.status === 'running' || r.status === 'queued');
    if (active.length > 0)
      throw new UsageError(
        `delete: run ${active.map((r) => r.id).join(', ')} is still ${active[0].status}; cancel it first`,
      );
    store.deleteRuns(ids);
    if (values.json) console.log(jsonLine({ deleted: ids }));
    else console.log(`Deleted ${ids.map((id) => `run ${id}`).join(', ')}.`);
    return 0;
  } finally {
    store.close();
  }
}
