// A run's history as sentences. Single steps come in runs of many; they are told as one line.

import type { RunEventRow } from '../../../src-main/contract/rows.ts';

export interface HistoryLine {
  readonly at: number;
  readonly text: string;
}

const where = (e: RunEventRow) => `epoch ${e.epoch}, batch ${e.batch}`;

export function historyLines(history: readonly RunEventRow[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  for (let i = 0; i < history.length; i++) {
    const e = history[i];
    switch (e.kind) {
      case 'paused':
        lines.push({ at: e.at, text: `Paused at ${where(e)}` });
        break;
      case 'resumed':
        lines.push({ at: e.at, text: `Resumed at ${where(e)}` });
        break;
      case 'learning-rate':
        lines.push({ at: e.at, text: `Learning rate set to ${e.value} at ${where(e)}` });
        break;
      case 'step': {
        let last = i;
        while (history[last + 1]?.kind === 'step') last++;
        const n = last - i + 1;
        lines.push({
          at: e.at,
          text: `Stepped ${n} ${n === 1 ? 'batch' : 'batches'}, to ${where(history[last])}`,
        });
        i = last;
        break;
      }
    }
  }
  return lines;
}
