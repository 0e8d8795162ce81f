// The Kaggle-style MNIST CSV: a header row `label,pixel0,…,pixel783`, then one image per
// line as 785 integers. Kaggle's digit file is ~75 MB, so the rows are parsed straight from
// the bytes, one pass, without making a JS string per cell; only error messages decode text.

import { DataError, type ImageSet } from './dataset.ts';
import { looksGzipped, quoteBytes, quoteText } from './messages.ts';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const COLUMNS = PIXELS + 1; // label first
const HEADER = 'label,pixel0,…,pixel783';

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Parses a whole CSV file. Line numbers in errors count from 1 (the header) and columns
 * from 1 (the label). Throws DataError at the first problem; nothing partial is returned.
 */
export function parseCsv(bytes: Uint8Array, source: string): ImageSet {
  const start = hasBom(bytes) ? 3 : 0;
  if (isBlank(bytes, start)) throw new DataError(source, null, 'the file is empty');
  if (looksGzipped(bytes)) {
    throw new DataError(
      source,
      null,
      'the file looks gzipped (it starts with 1f 8b): unpack it first',
    );
  }
  const { names, next } = readHeader(bytes, start, source);

  // A valid row needs at least 785 digits, 784 commas and a line break, so the bytes left
  // bound the row count: one allocation up front, never a resize mid-parse. (A shorter row
  // is a column-count error and is thrown before it could be kept.)
  const maxRows = Math.floor((bytes.length - next + 1) / (2 * COLUMNS));
  const images = new Uint8Array(maxRows * PIXELS);
  const labels = new Uint8Array(maxRows);

  let count = 0;
  let line = 1;
  let p = next;
  while (p < bytes.length) {
    line++;
    const first = bytes[p];
    if (first === LF || first === CR || first === 0x20 || first === 0x09) {
      if (isBlank(bytes, p)) break; // trailing blank lines are fine
      if (first === LF || (first === CR && bytes[p + 1] === LF)) {
        throw new DataError(
          source,
          `line ${line}`,
          'empty line; blank lines may only come at the end of the file',
        );
      }
    }
    p = parseRow(bytes, p, images, labels, count, { source, line, names });
    count++;
  }
  if (count === 0) throw new DataError(source, null, 'no data rows after the header (line 1)');

  return {
    // Copy out of the over-sized buffers so their slack is freed.
    images: count === maxRows ? images : images.slice(0, count * PIXELS),
    labels: count === maxRows ? labels : labels.slice(0, count),
    count,
    rows: SIDE,
    cols: SIDE,
  };
}

interface RowContext {
  readonly source: string;
  readonly line: number;
  readonly names: readonly string[];
}

/** Parses the row starting at `p` into record `row`; returns the index after its line break. */
function parseRow(
  bytes: Uint8Array,
  p: number,
  images: Uint8Array,
  labels: Uint8Array,
  row: number,
  ctx: RowContext,
): number {
  const end = bytes.length;
  const offset = row * PIXELS - 1; // column c (1..784) is pixel c-1
  let col = 0;
  let value = 0;
  let cellStart = p;
  for (; ; p++) {
    const b = p < end ? bytes[p] : LF; // the end of the file ends the last line
    if (b >= ZERO && b <= NINE) {
      value = value * 10 + (b - ZERO);
      continue;
    }
    const endsLine = b === LF || (b === CR && (p + 1 >= end || bytes[p + 1] === LF));
    if (b !== COMMA && !endsLine) throw notANumber(bytes, cellStart, col, ctx);
    if (p === cellStart) throw cellError(ctx, col, 'empty value');
    if (col === 0) {
      if (value > 9) throw cellError(ctx, col, `label ${value} is outside 0–9`);
      labels[row] = value;
    } else {
      if (value > 255) throw cellError(ctx, col, `value ${value} is outside 0–255`);
      images[offset + col] = value;
    }
    col++;
    if (endsLine) break;
    if (col === COLUMNS) throw columnCountError(ctx, COLUMNS + 1 + countCommas(bytes, p + 1));
    value = 0;
    cellStart = p + 1;
  }
  if (col !== COLUMNS) throw columnCountError(ctx, col);
  return bytes[p] === CR ? p + 2 : p + 1;
}

/** Reads and checks line 1; `next` is the index where line 2 starts. */
function readHeader(bytes: Uint8Array, start: number, source: string) {
  let end = start;
  while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
  if (bytes[end] === CR && end + 1 < bytes.length && bytes[end + 1] !== LF) {
    throw new DataError(
      source,
      'line 1',
      'lines end with a lone carriage return (old Mac line endings); save the file with LF or CRLF line endings',
    );
  }
  const next = bytes[end] === CR ? end + 2 : end + 1;

  // Look at the first cell and the column count before decoding the whole line, which
  // could be megabytes long if the file is not a CSV at all.
  let firstComma = start;
  while (firstComma < end && bytes[firstComma] !== COMMA) firstComma++;
  const firstCell = cleanName(decode(bytes, start, Math.min(firstComma, start + 100)));
  if (/^\d+$/.test(firstCell)) {
    throw new DataError(
      source,
      'line 1',
      `the header row is missing: the first row starts with the number ${quoteText(firstCell)}; ` +
        `the file must start with "${HEADER}"`,
    );
  }
  const found = countCommas(bytes, start) + 1;
  if (found === PIXELS) {
    throw new DataError(
      source,
      'line 1',
      'the header has 784 columns and no label column: this looks like a test file without labels; ' +
        `training needs labelled data with the header "${HEADER}"`,
    );
  }
  if (found !== COLUMNS) {
    throw new DataError(
      source,
      'line 1',
      `the header has ${found} columns; expected 785 ("${HEADER}")`,
    );
  }

  const names = decode(bytes, start, end).split(',').map(cleanName);
  checkNames(names, source);
  return { names, next };
}

function checkNames(names: string[], source: string) {
  if (names[0].toLowerCase() !== 'label') {
    throw new DataError(
      source,
      'line 1, column 1',
      `the header names this column ${quoteText(names[0])}; expected "label"`,
    );
  }
  // Kaggle's digit CSV numbers pixels from 0; its Fashion-MNIST CSV from 1. Accept either.
  const firstPixel = names[1].toLowerCase() === 'pixel1' ? 1 : 0;
  for (let c = 1; c < COLUMNS; c++) {
    const expected = `pixel${c - 1 + firstPixel}`;
    if (names[c].toLowerCase() !== expected) {
      throw new DataError(
        source,
        `line 1, column ${c + 1}`,
        `the header names this column ${quoteText(names[c])}; expected "${expected}"`,
      );
    }
  }
}

function notANumber(bytes: Uint8Array, cellStart: number, col: number, ctx: RowContext): DataError {
  let cellEnd = cellStart;
  while (cellEnd < bytes.length && bytes[cellEnd] !== COMMA && bytes[cellEnd] !== LF) cellEnd++;
  if (bytes[cellEnd - 1] === CR && cellEnd > cellStart) cellEnd--;
  const text = quoteBytes(bytes, cellStart, cellEnd);
  return cellError(
    ctx,
    col,
    col === 0 ? `${text} is not a label 0–9` : `${text} is not a whole number 0–255`,
  );
}

function cellError(ctx: RowContext, col: number, problem: string): DataError {
  return new DataError(
    ctx.source,
    `line ${ctx.line}, column ${col + 1} (${ctx.names[col]})`,
    problem,
  );
}

function columnCountError(ctx: RowContext, found: number): DataError {
  return new DataError(
    ctx.source,
    `line ${ctx.line}`,
    `expected 785 columns (a label and 784 pixels), found ${found}`,
  );
}

/** Commas from `p` to the end of the line. */
function countCommas(bytes: Uint8Array, p: number): number {
  let commas = 0;
  for (; p < bytes.length && bytes[p] !== LF && bytes[p] !== CR; p++) {
    if (bytes[p] === COMMA) commas++;
  }
  return commas;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** True when everything from `p` on is spaces, tabs and line breaks. */
function isBlank(bytes: Uint8Array, p: number): boolean {
  for (; p < bytes.length; p++) {
    const b = bytes[p];
    if (b !== LF && b !== CR && b !== 0x20 && b !== 0x09) return false;
  }
  return true;
}

// Header names are ASCII; anything else only needs to be legible in an error message.
function decode(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

// Tolerate spreadsheet habits in the header: spaces around names and quoted names.
function cleanName(name: string): string {
  return name.trim().replace(/^"(.*)"$/, '$1');
}
