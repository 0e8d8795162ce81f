// A run that blew up or collapsed is shown for what it is: its state, the reason in a learner's
// words and what to try, read from what the store keeps (the error, the test figures, the
// confusion matrix).
import { describe, expect, it } from 'vitest';
import { DivergedError } from '../../src-core/events.ts';
import { emptyConfusion } from '../../src-core/metrics.ts';
import { PRESETS } from '../../src-core/presets.ts';
import type { RunDetail } from '../../src-main/contract/api.ts';
import type { RunSummary } from '../../src-main/contract/rows.ts';
import { runOutcome } from '../../src-renderer/lib/run-outcome.ts';
import { summary } from './runs-fixtures.ts';

/** A run's details as the run page and Compare receive them. */
function detail(extra: Partial<RunSummary>, confusion: number[][] | null): RunDetail {
  const { optimizer, learningRate, epochsPlanned, batchSize, ...row } = summary(1, extra);
  const config = { ...PRESETS.quick, optimizer, learningRate, epochs: epochsPlanned, batchSize };
  return {
    ...row,
    config,
    owner: null,
    epochs: [],
    confusion,
    history: [],
    models: [],
  } as RunDetail;
}

/** Every test image of each digit read as `digit`. */
function allAs(digit: number): number[][] {
  const m = emptyConfusion(10);
  m.forEach((row, d) => (row[digit] = 1000 + d));
  return m;
}

const blewUp = new DivergedError(2, 5, 1.9e8, 100, 230).message;

describe('a run stopped because its loss blew up', () => {
  const run = summary(1, {
    status: 'failed',
    error: blewUp,
    optimizer: 'sgd',
    learningRate: 100,
    testAccuracy: null,
    testLoss: null,
  });

  it('is diverged, says how far the loss went and where, and names rates to try', () => {
    expect(runOutcome(run)).toEqual({
      state: 'diverged',
      summary: 'the loss blew up',
      reason:
        'The loss blew up to 1.9e8 in epoch 2 (batch 5), where a network that guesses scores ' +
        '2.30: each step threw the weights further off, so training stopped.',
      advice: 'The learning rate, 100, is too large for SGD. Try 0.1 or 0.01.',
    });
  });

  it('says "not a number" for a NaN loss, and within the usual rates suggests 10× smaller', () => {
    const nan = summary(1, {
      status: 'failed',
      error: new DivergedError(3, 17, Number.NaN, 0.001).message,
      optimizer: 'adam',
      learningRate: 0.001,
    });
    const outcome = runOutcome(nan);
    expect(outcome?.reason).toBe(
      'The loss became NaN (not a number) in epoch 3 (batch 17): the numbers overflowed, so ' +
        'training stopped.',
    );
    expect(outcome?.advice).toBe('Try a learning rate 10× smaller: 0.0001.');
  });

  it('a run that failed for another reason keeps its status and gets no verdict', () => {
    const other = summary(1, { status: 'failed', error: 'could not start the training process' });
    expect(runOutcome(other)).toBeNull();
  });
});

describe('a run that completed no better than a guess', () => {
  const collapsed = { status: 'completed', testAccuracy: 0.0892, testLoss: 2.31 } as const;

  it('is collapsed; with its confusion matrix it names the one answer it gives', () => {
    const run = detail({ ...collapsed, optimizer: 'sgd', learningRate: 3 }, allAs(5));
    expect(runOutcome(run)).toEqual({
      state: 'collapsed',
      summary: 'reads every image as 5',
      reason:
        'It reads every test image as 5, so its test accuracy, 8.92%, is what guessing gives ' +
        '(10% for 10 digits): the network collapsed to one answer instead of learning the digits.',
      advice: 'The learning rate, 3, is too large for SGD. Try 0.1 or 0.01.',
    });
  });

  it('in a listing, without the matrix, says it is no better than guessing', () => {
    const run = summary(1, { ...collapsed, optimizer: 'adam', learningRate: 0.001 });
    const outcome = runOutcome(run);
    expect(outcome?.state).toBe('collapsed');
    expect(outcome?.summary).toBe('no better than guessing');
    expect(outcome?.reason).toBe(
      'Its test accuracy, 8.92%, is no better than guessing (10% for 10 digits): the network ' +
        'did not learn the digits.',
    );
    expect(outcome?.advice).toMatch(/^If the loss jumped early, try a learning rate 10× smaller/);
  });

  it('with a rate far below the usual, says it is too small to move the weights', () => {
    const run = summary(1, { ...collapsed, optimizer: 'sgd', learningRate: 1e-6 });
    expect(runOutcome(run)?.advice).toBe(
      'The learning rate, 0.000001, is too small for SGD to move the weights. Try 0.1 or 0.01.',
    );
  });

  it('a completed run whose test loss blew up (saved before runs were stopped) is diverged', () => {
    const run = summary(1, { status: 'completed', testAccuracy: 0.0892, testLoss: 2.6e20 });
    expect(runOutcome(run)?.state).toBe('diverged');
    expect(runOutcome(run)?.reason).toBe(
      'Its test loss is 2.6e20, where a network that guesses scores 2.30: the loss blew up ' +
        'while it trained, and the weights it ended with read no digit.',
    );
  });

  it('a run that learnt keeps its status and gets no verdict', () => {
    const run = detail({ testAccuracy: 0.97 }, allAs(5));
    expect(runOutcome(run)).toBeNull();
  });
});
