import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, runsCsv } from '../../src-renderer/views/runs/runs-csv.ts';
import { summary } from './runs-fixtures.ts';

describe('csvField', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvField('quick 784-128-64-10')).toBe('quick 784-128-64-10');
    expect(csvField(0.975)).toBe('0.975');
    expect(csvField(-1)).toBe('-1');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('writes nothing for missing or non-finite values', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('keeps spreadsheets from running text that looks like a formula', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-x, y')).toBe(`"'-x, y"`);
  });
});

describe('runsCsv', () => {
  it('writes a header and one row per run', () => {
    const csv = runsCsv([
      summary(1, {
        name: 'first, try',
        learningRate: 0.002,
        batchSize: 64,
        tags: ['adam', 'baseline'],
        notes: 'first try, "quick"\nsecond line',
      }),
      summary(2, {
        status: 'running',
        testAccuracy: null,
        testLoss: null,
        trainSeconds: null,
        samplesPerSecond: null,
        preset: null,
        learningRate: 0.5,
        batchSize: 'full',
      }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,name,status,preset,architecture,parameters,optimizer,learning_rate,batch,epochs_done,epochs,test_accuracy,test_loss,train_seconds,samples_per_second,created,tags,notes',
    );
    expect(lines[1]).toBe(
      '1,"first, try",completed,quick,784-128-64-10,109386,adam,0.002,64,6,6,0.975,0.08,40,9000,2025-01-01T00:01:00.000Z,"adam, baseline","first try, ""quick""\nsecond line"',
    );
    expect(lines[2]).toBe(
      '2,run 2,running,,784-128-64-10,109386,adam,0.5,full,6,6,,,,,2025-01-01T00:02:00.000Z,,',
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('names the file by date', () => {
    expect(csvFileName(new Date(2025, 0, 31, 12))).toBe('backprop-lab-runs-2025-01-31.csv');
  });
});
