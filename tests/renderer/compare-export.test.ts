import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import {
  chartsSvg,
  logTicks,
  niceTicks,
  type SvgChart,
} from '../../src-renderer/components/charts/chart-svg.ts';
import { compareCsv, compareFileName } from '../../src-renderer/views/compare/compare-csv.ts';
import { entryCurves } from '../../src-renderer/views/compare/entry-curves.ts';
import { detail } from './compare-fixtures.ts';

const adam = [
  detail(3, [0.9, 0.95], { groupId: 7, seed: 1, testAccuracy: 0.96, name: 'adam, seed 1' }),
  detail(4, [0.91, 0.96], { groupId: 7, seed: 2, testAccuracy: 0.97 }),
];
const sgd = detail(9, [0.8, 0.85], {
  name: '=sgd',
  config: { ...PRESETS.quick, optimizer: 'sgd', learningRate: 0.05 },
  bestEpoch: 2,
  bestValidationAccuracy: 0.85,
});
const entries = [
  { entry: { kind: 'group', ids: [3, 4] } as const, label: 'adam seeds (2 runs)', runs: adam },
  { entry: { kind: 'run', id: 9 } as const, label: '#9 =sgd', runs: [sgd] },
];

/** The fields of a CSV line (RFC 4180 quoting; no line breaks inside fields here). */
function fields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) =>
    m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1],
  );
}

describe('compareCsv', () => {
  const lines = compareCsv(entries, 'best').split('\r\n');
  const header = fields(lines[0]);
  const rows = lines.slice(1, -1).map(fields);
  const field = (row: string[], name: string) => row[header.indexOf(name)];

  it('has one row per run, saying its entry and its stored group', () => {
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => field(r, 'run_id'))).toEqual(['3', '4', '9']);
    expect(rows.map((r) => field(r, 'entry'))).toEqual(['1', '1', '2']);
    expect(rows.map((r) => field(r, 'entry_runs'))).toEqual(['3.4', '3.4', '9']);
    expect(rows.map((r) => field(r, 'group_id'))).toEqual(['7', '7', '']);
    expect(lines.at(-1)).toBe('');
  });

  it('lists every setting and the results, with the chosen summary value', () => {
    expect(header).toEqual(expect.arrayContaining(['learning_rate', 'optimizer', 'seed']));
    expect(field(rows[2], 'optimizer')).toBe('sgd');
    expect(field(rows[2], 'learning_rate')).toBe('0.05');
    expect(field(rows[1], 'seed')).toBe('2');
    expect(field(rows[2], 'summary')).toBe('Best validation accuracy');
    expect(field(rows[2], 'summary_value')).toBe('0.85');
    expect(field(rows[2], 'summary_epoch')).toBe('2');
    expect(field(rows[1], 'test_accuracy')).toBe('0.97');
  });

  it('quotes what needs quoting and defuses formulas', () => {
    const text = compareCsv(entries, 'final');
    expect(text).toContain('"adam, seed 1"');
    expect(text).toContain(",'=sgd,");
  });

  it('is named for the day', () => {
    expect(compareFileName('svg', new Date(2026, 11, 1, 23, 30))).toBe(
      'backprop-lab-compare-2026-12-01.svg',
    );
  });
});

describe('chartsSvg', () => {
  it('picks round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.83, 0.97)).toEqual([0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96]);
    expect(niceTicks(0.05, 1.2)).toEqual([0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    expect(niceTicks(0.3, 2.6)).toEqual([0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });

  const curves = entryCurves(entries, {
    axis: 'epoch',
    band: 'std',
    members: false,
    smoothing: { kind: 'off' },
  });
  const chart = (title: string, data: SvgChart['data']): SvgChart => ({
    title,
    data,
    series: curves.series,
    bands: curves.bands,
    xLabel: 'Epoch',
    yLabel: title,
    xFormat: String,
    yFormat: String,
  });
  const theme = {
    color: (token: string) =>
      ({ '--series-1': '#2f5fd0', '--series-2': '#d9480f' })[token] ?? '#888',
    background: '#1e1e1e',
    text: '#ececea',
    muted: '#a3a39c',
    grid: '#3a3a3a',
    font: 'Inter, "Segoe UI"',
  };
  const svg = chartsSvg(
    [chart('Loss', curves.loss), chart('Accuracy <%>', curves.accuracy)],
    theme,
  );

  it('draws both charts: a band per group part, a line per visible series', () => {
    const visible = curves.series.filter((s) => s.alpha !== 0).length;
    expect(svg.match(/<polygon class="band"/g)).toHaveLength(2 * curves.bands.length);
    expect(svg.match(/<path class="line"/g)).toHaveLength(2 * visible);
    expect(svg).toContain('fill="#2f5fd0" fill-opacity="0.22"');
    expect(svg).toContain('stroke="#d9480f"');
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it('is a standalone SVG file with its text escaped and a legend of the named series', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1120"')).toBe(true);
    expect(svg).toContain('Accuracy &lt;%&gt;');
    expect(svg).toContain('font-family="Inter, &quot;Segoe UI&quot;"');
    expect(svg).toContain('<rect width="100%" height="100%" fill="#1e1e1e"/>');
    const legend = [...svg.matchAll(/<text x="96" y="\d+" fill="#ececea">([^<]*)<\/text>/g)].map(
      (m) => m[1],
    );
    expect(legend).toEqual([
      'adam seeds (2 runs) validation (mean)',
      'adam seeds (2 runs) train (mean)',
      '#9 =sgd validation',
      '#9 =sgd train',
    ]);
  });

  it('draws a log loss axis as the screen does: ticks at powers of ten, values at their logs', () => {
    expect(logTicks(-2.2, 0.1)).toEqual([-2, -1, 0]);
    expect(logTicks(-1.1, -0.2).map((t) => Number((10 ** t).toPrecision(3)))).toEqual([
      0.1, 0.2, 0.5,
    ]);
    const data: SvgChart['data'] = [
      [1, 2, 3],
      [1, 0.1, 0],
    ];
    const line = { label: 'loss', color: '--series-1' };
    const log = chartsSvg(
      [{ ...chart('Loss', data), series: [line], bands: [], yLog: true, yFormat: (v) => `${v}` }],
      theme,
    );
    // The zero has no place on a log axis: two points, not three.
    const d = /<path class="line" d="([^"]+)"/.exec(log)?.[1] ?? '';
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(ys[1]).toBeGreaterThan(ys[0]); // 0.1 drawn below 1
    expect(log).toContain('>0.1</text>');
    expect(log).toContain('>1</text>');
  });

  it('keeps every point inside its panel', () => {
    const numbers = [...svg.matchAll(/<path class="line" d="([^"]+)"/g)].flatMap((m) =>
      m[1]
        .split(/[ML ]+/)
        .filter(Boolean)
        .map(Number),
    );
    expect(numbers.every((n) => n >= 0 && n <= 1120)).toBe(true);
  });
});
