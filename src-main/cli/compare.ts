// `backprop-lab compare RUN RUN …`: settings side by side with differences marked, final
// metrics, and accuracy per digit.

import { diffConfigs } from '../../src-core/config-diff.ts';
import { perClassAccuracy } from '../../src-core/metrics.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { duration, percent, table } from './format.ts';
import { parseFlags } from './train-options.ts';

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length < 2)
    throw new UsageError('usage: backprop-lab compare RUN RUN … (two or more run ids)');
  const ids = positionals.map((p) => runId(p));
  const store = openStore(values.db);
  try {
    const runs = ids.map((id) => store.getRun(id));
    const perDigit = runs.map((r) => {
      const confusion = store.getConfusion(r.id);
      return confusion === null ? null : perClassAccuracy(confusion);
    });
    const best = runs.map((r) => {
      const epochs = store.getEpochs(r.id).filter((e) => e.validationAccuracy !== null);
      return epochs.length === 0
        ? null
        : epochs.reduce((a, b) =>
            (b.validationAccuracy ?? 0) > (a.validationAccuracy ?? 0) ? b : a,
          );
    });
    const settings = diffConfigs(runs.map((r) => r.config));
    if (values.json) {
      console.log(
        JSON.stringify({
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
      ].join('\n'),
    );
    return 0;
  } finally {
    store.close();
  }
}
