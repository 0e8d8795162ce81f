// The size cap on dataset files, named once and importing nothing, so both the loaders
// (data/load.ts) and the import service (services/dataset-import.ts) can use it without an
// import cycle.

/** The most a dataset may hold, as uploaded or stored and again once unpacked: a Kaggle MNIST
 * CSV is ~110 MB, all of MNIST as IDX 55 MB; parsing 512 MB of CSV peaks near 800 MB. */
export const MAX_DATASET_BYTES = 512 * 1024 * 1024;
