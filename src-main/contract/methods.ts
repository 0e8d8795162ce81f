// The names of every API request as a plain runtime list, for code that must not load the
// schemas (and zod with them): the Electron preload builds one function per name from it.

import type { Method } from './api.ts';

// A record rather than an array so that the compiler names any request missing here, or any
// name here that is not a request, whenever contract/api.ts changes.
const listed: { readonly [M in Method]: true } = {
  listRuns: true,
  getRun: true,
  getProgress: true,
  startRun: true,
  startGroup: true,
  listGroups: true,
  getGroup: true,
  cancelGroup: true,
  cancelRun: true,
  pauseRun: true,
  resumeRun: true,
  continueRun: true,
  stepRun: true,
  setLearningRate: true,
  renameRun: true,
  setNotes: true,
  setTags: true,
  deleteRuns: true,
  compareRuns: true,
  getConfusionCell: true,
  getTestImage: true,
  getModel: true,
  exportRun: true,
  computeLandscape: true,
  getLandscape: true,
  cancelLandscape: true,
  listDatasets: true,
  importDatasetFromDialog: true,
};

export const METHODS = Object.freeze(Object.keys(listed) as Method[]);
