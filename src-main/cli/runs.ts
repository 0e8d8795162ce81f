// Commands that read or edit saved runs: list, show, rename, note, tag, delete.

import { createInterface } from 'node:readline/promises';
import { configSettings } from '../../src-core/config-diff.ts';
import { atChance } from '../../src-core/divergence.ts';
import { perClassAccuracy } from '../../src-core/metrics.ts';
import { CLASSES } from '../../src-core/limits.ts';
import { RUN_STATUSES, type RunStatus, type RunSummary } from '../contract/rows.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import {
  chanceNote,
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
  });
  if (positionals.length > 0) throw new UsageError(`list: unexpected argument '${positionals[0]}'`);
  if (values.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(values.status))
    throw new UsageError(`--status: '${values.status}' is not one of ${RUN_STATUSES.join(', ')}`);
  const store = openStore(values.db);
  try {
    const runs = store.listRuns({
      status: values.status as RunStatus | undefined,
      tag: values.tag,
    });
    if (values.json)
      for (const { epochsPlanned, ...r } of runs)
        // `epochs` is the JSON field's published name for the planned count.
        console.log(jsonLine({ ...r, epochs: epochsPlanned, atChance: endedAtChance(r) }));
    else if (runs.length === 0)
      console.log('No runs yet. Start one with: backprop-lab train --preset quick');
    else
      console.log(
        table(
          [
            'id',
            'name',
            'status',
            'preset / network',
            'optimizer',
            'epochs',
            'test acc',
            'time',
            'created',
          ],
          runs.map(summaryRow),
        ),
      );
    return 0;
  } finally {
    store.close();
  }
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
