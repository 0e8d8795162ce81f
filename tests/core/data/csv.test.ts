import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-core/data/csv.ts';
import {
  bytes,
  csvHeader,
  csvRow,
  csvRowWith,
  expectDataError,
  toCsv,
} from '../../fixtures/data/build.ts';

const FILE = 'digits.csv';
const parse = (text: string) => parseCsv(bytes(text), FILE);
/** A file whose header is followed by these data rows (line 2 onwards). */
const withRows = (...rows: string[]) => [csvHeader(), ...rows].join('\n') + '\n';

describe('parseCsv: valid files', () => {
  const rows = [csvRow(5, (i) => i % 256), csvRow(0), csvRow(9, () => 255)];

  it('reads labels and pixels as bytes, 28×28 per row', () => {
    const set = parse(withRows(...rows));
    expect(set).toMatchObject({ count: 3, rows: 28, cols: 28 });
    expect(set.images.constructor).toBe(Uint8Array);
    expect(set.labels.constructor).toBe(Uint8Array);
    expect(Array.from(set.labels)).toEqual([5, 0, 9]);
    expect(set.images.length).toBe(3 * 784);
    expect(Array.from(set.images.subarray(0, 784))).toEqual(
      Array.from({ length: 784 }, (_, i) => i % 256),
    );
    expect(set.images.subarray(784, 1568).every((v) => v === 0)).toBe(true);
    expect(set.images.subarray(1568).every((v) => v === 255)).toBe(true);
  });

  it('reads CRLF line endings', () => {
    const set = parse([csvHeader(), ...rows].join('\r\n') + '\r\n');
    expect(Array.from(set.labels)).toEqual([5, 0, 9]);
    expect(set.images[783]).toBe(783 % 256);
  });

  it('skips a UTF-8 byte order mark', () => {
    const set = parse('\uFEFF' + withRows(...rows));
    expect(set.count).toBe(3);
  });

  it('accepts a missing final newline and trailing blank lines', () => {
    expect(parse([csvHeader(), ...rows].join('\n')).count).toBe(3);
    expect(parse(withRows(...rows) + '\n\n').count).toBe(3);
    expect(parse(withRows(...rows) + '\r\n  \r\n\t\n').count).toBe(3);
  });

  it('accepts leading zeros', () => {
    const set = parse(withRows(csvRow('007', () => '0255')));
    expect(set.labels[0]).toBe(7);
    expect(set.images[0]).toBe(255);
  });

  it('accepts the pixel1..pixel784 header and quoted header names', () => {
    expect(parse([csvHeader(1), csvRow(1)].join('\n')).count).toBe(1);
    const quoted = csvHeader()
      .split(',')
      .map((n) => `"${n}"`)
      .join(',');
    expect(parse([quoted, csvRow(1)].join('\n')).count).toBe(1);
  });

  it('round-trips an image set written as CSV', () => {
    const images = Uint8Array.from({ length: 4 * 784 }, (_, i) => (i * 7) % 256);
    const labels = Uint8Array.from([3, 1, 4, 1]);
    const set = parse(toCsv({ count: 4, labels, images }));
    expect(set.labels).toEqual(labels);
    expect(set.images).toEqual(images);
  });

  it('parses a Kaggle-sized file (42,000 rows) quickly', () => {
    const row = bytes(csvRow(7, (i) => (i * 31) % 256) + '\n');
    const header = bytes(csvHeader() + '\n');
    const rowCount = 42_000;
    const file = new Uint8Array(header.length + rowCount * row.length);
    file.set(header);
    for (let r = 0; r < rowCount; r++) file.set(row, header.length + r * row.length);

    const started = performance.now();
    const set = parseCsv(file, FILE);
    const elapsed = performance.now() - started;
    expect(set.count).toBe(rowCount);
    expect(set.labels[rowCount - 1]).toBe(7);
    expect(set.images[(rowCount - 1) * 784 + 783]).toBe((783 * 31) % 256);
    // About 0.2 s on a laptop; the bound only catches an accidental per-cell string path.
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('parseCsv: bad data rows', () => {
  it('names the line and counts for too few columns', () => {
    const short = csvRow(1).split(',').slice(0, 784).join(',');
    const error = expectDataError(
      () => parse(withRows(csvRow(1), short)),
      `${FILE}, line 3: expected 785 columns`,
      'found 784',
    );
    expect(error.location).toBe('line 3');
  });

  it('counts every column of a row that has too many', () => {
    expectDataError(
      () => parse(withRows(csvRow(1) + ',0,0')),
      `${FILE}, line 2: expected 785 columns`,
      'found 787',
    );
    expectDataError(() => parse(withRows(csvRow(1) + ',')), 'line 2', 'found 786');
    expectDataError(() => parse(withRows('4')), 'line 2', 'found 1');
  });

  it('quotes a non-numeric value with its column and header name', () => {
    const error = expectDataError(
      () => parse(withRows(csvRow(1), csvRowWith(14, 'abc'))),
      `${FILE}, line 3, column 14 (pixel12): "abc" is not a whole number 0–255`,
    );
    expect(error.location).toBe('line 3, column 14 (pixel12)');
  });

  it('truncates a long non-numeric value in the message', () => {
    const long = 'x'.repeat(50);
    expectDataError(
      () => parse(withRows(csvRowWith(2, long))),
      `line 2, column 2 (pixel0): "${'x'.repeat(20)}…" is not a whole number`,
    );
  });

  it.each(['-1', '0.5', '1e2', ' 7', '"7"', '12a'])('rejects the value %j', (text) => {
    expectDataError(
      () => parse(withRows(csvRowWith(300, text))),
      `${FILE}, line 2, column 300 (pixel298): `,
      'is not a whole number 0–255',
    );
  });

  it('rejects a value that is not a whole number at the end of a CRLF line', () => {
    const text = [csvHeader(), csvRowWith(785, '1.5')].join('\r\n') + '\r\n';
    expectDataError(() => parse(text), 'line 2, column 785 (pixel783): "1.5" is not');
  });

  it('rejects an empty value', () => {
    expectDataError(
      () => parse(withRows(csvRowWith(20, ''))),
      `${FILE}, line 2, column 20 (pixel18): empty value`,
    );
  });

  it('rejects a pixel outside 0–255', () => {
    expectDataError(
      () => parse(withRows(csvRow(2), csvRow(2), csvRowWith(14, '256'))),
      `${FILE}, line 4, column 14 (pixel12): value 256 is outside 0–255`,
    );
  });

  it('rejects a label outside 0–9 or not a number', () => {
    expectDataError(
      () => parse(withRows(csvRowWith(1, '10'))),
      `${FILE}, line 2, column 1 (label): label 10 is outside 0–9`,
    );
    expectDataError(
      () => parse(withRows(csvRowWith(1, 'seven'))),
      `${FILE}, line 2, column 1 (label): "seven" is not a label 0–9`,
    );
  });

  it('rejects a blank line between data rows', () => {
    expectDataError(() => parse(withRows(csvRow(1), '', csvRow(2))), `${FILE}, line 3: empty line`);
  });

  it('uses the names of a pixel1..pixel784 header in messages', () => {
    const text = [csvHeader(1), csvRowWith(14, 'x')].join('\n');
    expectDataError(() => parse(text), 'line 2, column 14 (pixel13)');
  });

  it('names the right line after a BOM and CRLF rows', () => {
    const text = '\uFEFF' + [csvHeader(), csvRow(1), csvRow(2), csvRowWith(1, '11')].join('\r\n');
    expectDataError(() => parse(text), 'line 4, column 1 (label)');
  });
});

describe('parseCsv: bad files and headers', () => {
  it('rejects an empty file', () => {
    expectDataError(() => parse(''), `${FILE}: the file is empty`);
    expectDataError(() => parse('\uFEFF'), 'the file is empty');
    expectDataError(() => parse('\n\r\n  \n'), 'the file is empty');
  });

  it('rejects a file with a header and no data rows', () => {
    expectDataError(() => parse(csvHeader()), `${FILE}: no data rows`);
    expectDataError(() => parse(csvHeader() + '\r\n\r\n'), 'no data rows');
  });

  it('says the header is missing when the first row is numeric', () => {
    expectDataError(
      () => parse([csvRow(5), csvRow(0)].join('\n')),
      `${FILE}, line 1: the header row is missing`,
      '"5"',
      'label,pixel0,…,pixel783',
    );
  });

  it('recognises a test file without labels', () => {
    const header = csvHeader().split(',').slice(1).join(',');
    const row = csvRow(0).split(',').slice(1).join(',');
    expectDataError(
      () => parse([header, row].join('\n')),
      `${FILE}, line 1: the header has 784 columns`,
      'no label column',
      'test file without labels',
    );
  });

  it('rejects a header with the wrong number of columns', () => {
    expectDataError(
      () => parse(['label,pixel0,pixel1', '1,2,3'].join('\n')),
      `${FILE}, line 1: the header has 3 columns; expected 785`,
    );
  });

  it('rejects a header with the wrong names', () => {
    const badLabel = csvHeader().replace('label', 'digit');
    expectDataError(
      () => parse([badLabel, csvRow(1)].join('\n')),
      `${FILE}, line 1, column 1: the header names this column "digit"; expected "label"`,
    );
    const badPixel = csvHeader().replace('pixel12,', 'pixel_12,');
    expectDataError(
      () => parse([badPixel, csvRow(1)].join('\n')),
      `${FILE}, line 1, column 14: the header names this column "pixel_12"; expected "pixel12"`,
    );
  });

  it('rejects old Mac line endings (a lone CR)', () => {
    expectDataError(
      () => parse([csvHeader(), csvRow(1)].join('\r')),
      `${FILE}, line 1: lines end with a lone carriage return`,
    );
  });

  it('hints that gzipped bytes need unpacking', () => {
    const gz = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42]);
    expectDataError(() => parseCsv(gz, 'train.csv.gz'), 'train.csv.gz: the file looks gzipped');
  });

  it('returns nothing when only the last row is bad', () => {
    const good = Array.from({ length: 50 }, (_, r) => csvRow(r % 10));
    expectDataError(() => parse(withRows(...good, csvRowWith(785, '999'))), 'line 52');
  });
});
