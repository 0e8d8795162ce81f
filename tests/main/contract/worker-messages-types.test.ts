// The training process's progress, paused and epoch messages carry the core's events
// (src-core/events.ts) field for field, and the saved rows are those events without their total:
// the compiler holds the zod schemas and the row types to that one declaration.

import { expect, it } from 'vitest';
import type {
  EpochEvent,
  PausedEvent,
  ProgressEvent,
  StartEvent,
} from '../../../src-core/events.ts';
import type { EpochRow, ProgressRow } from '../../../src-main/contract/rows.ts';
import type { FromWorker } from '../../../src-main/contract/worker-messages.ts';

/** True when each type is assignable to the other (readonly aside, as at run time). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Message<K extends FromWorker['type']> = Omit<
  Extract<FromWorker, { type: K }>,
  'weights' | 'trainState'
>;

it('derives the worker messages and the saved rows from the core events', () => {
  const checks: [
    Same<Message<'progress'>, ProgressEvent>,
    Same<Omit<Message<'paused'>, 'step'>, PausedEvent>,
    Same<Message<'epoch'>, EpochEvent>,
    Same<Omit<Message<'started'>, 'type' | 'datasetHash' | 'backend'>, Omit<StartEvent, 'type'>>,
    Same<Omit<ProgressRow, 'images'>, Omit<ProgressEvent, 'type' | 'epochs' | 'images'>>,
    Same<Omit<EpochRow, 'gradientNorms'>, Omit<EpochEvent, 'type' | 'epochs' | 'gradientNorms'>>,
  ] = [true, true, true, true, true, true];
  expect(checks.every(Boolean)).toBe(true);
});
