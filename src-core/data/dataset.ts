// A labelled image dataset kept as bytes. Training converts one batch at a time to floats
// (see ../batch.ts), so all of MNIST costs 47 MB here instead of 188 MB as Float32.

/** One part of a dataset: `count` images of rows×cols bytes (0–255) and one label (0–9) each. */
export interface ImageSet {
  readonly images: Uint8Array; // (count, rows*cols), row-major
  readonly labels: Uint8Array; // (count)
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
}

/** A dataset as found on disk: a training part and, if the source had one, a test part. */
export interface Dataset {
  readonly name: string;
  readonly train: ImageSet;
  readonly test: ImageSet | null;
}

/** Raised by the parsers: names the source, the place in it (line or record) and what was wrong. */
export class DataError extends Error {
  readonly source: string;
  readonly location: string | null;
  constructor(source: string, location: string | null, problem: string) {
    super(location === null ? `${source}: ${problem}` : `${source}, ${location}: ${problem}`);
    this.name = 'DataError';
    this.source = source;
    this.location = location;
  }
}
