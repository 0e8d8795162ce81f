// A run's history as sentences: what a person did to it while it trained, cancels and resumes. Single steps come in runs of many; they are told as one line.

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
      case 'cancelled':
        lines.push({ at: e.at, text: `Cancelled at ${where(e)}` });
        break;
      case 'continued':
        lines.push({
          at: e.at,
          text:
            e.epoch === 0
              ? 'Resumed from the beginning (no epoch had finished)'
              : `Resumed from the checkpoint after epoch ${e.epoch}`,
        });
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
