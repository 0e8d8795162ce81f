// What the training supervisor tells whoever watches (a terminal, the app's windows): the
// training process's messages without their weights, tagged with the run they belong to.

import type { RunStatus, FinalResult } from './rows.ts';
import type { FromWorker } from './worker-messages.ts';

type Stripped<T> = Omit<T, 'type' | 'weights' | 'trainState'>;
type FromWorkerOf<K extends FromWorker['type']> = Extract<FromWorker, { type: K }>;

export type EndStatus = Exclude<RunStatus, 'queued' | 'running'>;

export type SupervisorEvent =
  | { readonly runId: number; readonly type: 'queued' }
  | ({ readonly runId: number; readonly type: 'started' } & Stripped<FromWorkerOf<'started'>>)
  | ({ readonly runId: number; readonly type: 'progress' } & Stripped<FromWorkerOf<'progress'>>)
  | ({ readonly runId: number; readonly type: 'epoch' } & Stripped<FromWorkerOf<'epoch'>>)
  | ({ readonly runId: number; readonly type: 'paused' } & Stripped<FromWorkerOf<'paused'>>)
  | ({ readonly runId: number; readonly type: 'resumed' } & Stripped<FromWorkerOf<'resumed'>>)
  | ({ readonly runId: number; readonly type: 'learning-rate' } & Stripped<
      FromWorkerOf<'learning-rate'>
    >)
  | {
      readonly runId: number;
      readonly type: 'ended';
      readonly status: EndStatus;
      readonly error: string | null;
      readonly result: FinalResult | null;
    };
