// `backprop-lab compare RUN RUN …`: settings side by side with differences marked, final
// metrics, and accuracy per digit; for two runs, also McNemar's test on their test images.
// `backprop-lab compare group:3 group:4` or `compare 1,2,3 4,5,6`: two groups (compare-groups.ts).

import { diffConfigs } from '../../src-core/config-diff.ts';
import { perClassAccuracy } from '../../src-core/metrics.ts';
import { SUMMARY_CHOICES, type SummaryChoice } from '../../src-core/summary-value.ts';
import { compareRequestSchema, type Comparison } from '../contract/comparison.ts';
import { compareSides } from '../services/comparison.ts';
import { TestPredictions } from '../services/test-predictions.ts';
import type { Store } from '../store/store.ts';
import { printGroups, type Side } from './compare-groups.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { count, duration, jsonLine, percent, printable, table } from './format.ts';
import { parseFlags } from './train-options.ts';

const USAGE =
  'usage: backprop-lab compare RUN RUN … [--summary final|best|min-loss]  or  compare SIDE SIDE, ' +
  'a side being a group (group:ID) or runs by id (1,2,3)';

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    summary: { type: 'string' },
  });
  if (positionals.length < 2) throw new UsageError(USAGE);
  const summary = summaryFlag(values.summary);
  const store = openStore(values.db);
  try {
    const sides = positionals.map((p) => sideOf(store, p));
    if (sides.some((s) => s.group !== null || s.ids.length > 1)) {
      if (sides.length !== 2)
        throw new UsageError(`compare two groups at a time, got ${sides.length} sides (${USAGE})`);
      const [a, b] = sides;
      printGroups(compare(store, a.ids, b.ids, summary), [a, b], values.json === true);
      return 0;
    }
    const ids = sides.map((s) => s.ids[0]);
    const pair = ids.length === 2 ? compare(store, [ids[0]], [ids[1]], summary) : null;
    const runs = ids.map((id) => store.getRun(id));
    const perDigit = runs.map((r) => {
      const confusion = store.getConfusion(r.id);
      return confusion === null ? null : perClassAccuracy(confusion);
    });
    // The run keeps its best epoch by validation (the earliest of equals) and that accuracy.
    const best = runs.map((r) =>
      r.bestValidationAccuracy === null
        ? null
        : { epoch: r.bestEpoch, validationAccuracy: r.bestValidationAccuracy },
    );
    const settings = diffConfigs(runs.map((r) => r.config));
    if (values.json) {
      console.log(
        jsonLine({
          runs: runs.map((r, i) => ({
            id: r.id,
            name: r.name,
            status: r.status,
            architecture: r.architecture,
            testAccuracy: r.testAccuracy,
            testLoss: r.testLoss,
            trainSeconds: r.trainSeconds,
            bestValidation:
              best[i] === null
                ? null
                : { epoch: best[i]?.epoch, accuracy: best[i]?.validationAccuracy },
            perDigitAccuracy: perDigit[i],
          })),
          settings,
          ...(pair !== null && { mcnemar: mcnemarOf(pair), sentence: pair.sentence }),
        }),
      );
      return 0;
    }
    const header = ['', ...runs.map((r) => `run ${r.id}`)];
    const mark = (differs: boolean, name: string): string => (differs ? `* ${name}` : `  ${name}`);
    const metric = (name: string, f: (i: number) => string): string[] => [
      `  ${name}`,
      ...runs.map((_, i) => f(i)),
    ];
    console.log(
      [
        'Settings (* = differs)',
        table(header, [
          ['  name', ...runs.map((r) => r.name)],
          [
            mark(new Set(runs.map((r) => r.architecture)).size > 1, 'network'),
            ...runs.map((r) => r.architecture),
          ],
          [
            mark(new Set(runs.map((r) => r.datasetHash)).size > 1, 'dataset'),
            ...runs.map((r) => r.datasetName),
          ],
          ...settings.map((s) => [mark(s.differs, s.setting), ...s.values]),
        ]),
        '',
        'Results',
        table(header, [
          metric('status', (i) => runs[i].status),
          metric('test accuracy', (i) =>
            runs[i].testAccuracy === null ? '–' : percent(runs[i].testAccuracy ?? 0),
          ),
          metric('test loss', (i) => runs[i].testLoss?.toFixed(4) ?? '–'),
          metric('best val acc', (i) =>
            best[i] === null
              ? '–'
              : `${percent(best[i]?.validationAccuracy ?? 0)} (epoch ${best[i]?.epoch})`,
          ),
          metric('training time', (i) =>
            runs[i].trainSeconds === null ? '–' : duration(runs[i].trainSeconds ?? 0),
          ),
          metric('samples/s', (i) =>
            runs[i].samplesPerSecond === null
              ? '–'
              : String(Math.round(runs[i].samplesPerSecond ?? 0)),
          ),
        ]),
        '',
        'Accuracy per digit (test)',
        table(
          ['digit', ...runs.map((r) => `run ${r.id}`)],
          Array.from({ length: 10 }, (_, d) => [
            String(d),
            ...perDigit.map((p) => (p === null || Number.isNaN(p[d]) ? '–' : percent(p[d], 1))),
          ]),
        ),
        ...(pair === null ? [] : ['', ...mcnemarLines(pair)]),
      ].join('\n'),
    );
    return 0;
  } finally {
    store.close();
  }
}

function summaryFlag(text: string | undefined): SummaryChoice {
  if (text === undefined) return 'final';
  const choice = SUMMARY_CHOICES.find((c) => c === text);
  if (choice === undefined)
    throw new UsageError(
      `--summary: '${printable(text)}' is not one of ${SUMMARY_CHOICES.join(', ')}`,
    );
  return choice;
}

/** `group:3` (a stored repeat or sweep), `1,2,3` (runs as a group) or `5` (one run). */
function sideOf(store: Store, text: string): Side {
  const group = /^group:(.*)$/.exec(text);
  if (group !== null) {
    const row = store.getGroup(runId(group[1], 'group id'));
    if (row.runIds.length === 0) throw new UsageError(`group ${row.id} has no runs left`);
    return { ids: row.runIds, group: { id: row.id, name: row.name } };
  }
  return { ids: text.split(',').map((id) => runId(id.trim())), group: null };
}

/** The comparison of two sides, refused as the API refuses it (a run on both sides, …). */
function compare(
  store: Store,
  a: readonly number[],
  b: readonly number[],
  summary: SummaryChoice,
): Comparison {
  const checked = compareRequestSchema.safeParse({ a, b, summary });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const side = issue.path[0] === 'a' ? 'A' : 'B';
    throw new UsageError(`side ${side}: ${issue.message}`);
  }
  return compareSides(store, new TestPredictions(store), checked.data);
}

/** The JSON of McNemar's test: its counts (b: A right, B wrong; c: B right, A wrong) and p. */
function mcnemarOf({ test }: Comparison) {
  if (test?.kind !== 'mcnemar') return null;
  return { b: test.b, c: test.c, bothRight: test.bothRight, bothWrong: test.bothWrong, p: test.p };
}

function mcnemarLines(c: Comparison): string[] {
  const test = c.test;
  if (test?.kind !== 'mcnemar') return ['Is the difference real?', c.sentence];
  const images = test.b + test.c + test.bothRight + test.bothWrong;
  return [
    `Is the difference real? McNemar's exact test on the ${count(images)} test images`,
    table(
      ['', 'images'],
      [
        ['  A right, B wrong (b)', test.b],
        ['  B right, A wrong (c)', test.c],
        ['  both right', test.bothRight],
        ['  both wrong', test.bothWrong],
        ['  p (two-sided, exact)', test.p.toPrecision(3)],
      ],
    ),
    c.sentence,
  ];
}
