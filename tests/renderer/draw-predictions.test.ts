import { describe, expect, it } from 'vitest';
import {
  barLabel,
  completedRuns,
  MAX_MODELS,
  modelList,
  notDrawable,
  rememberedModels,
  runLabel,
  shownModels,
  topDigit,
  wholePercent,
  withAnotherModel,
  withModelAt,
  withoutModelAt,
} from '../../src-renderer/views/draw/predictions.ts';
import { runOutcome } from '../../src-renderer/lib/run-outcome.ts';
import { collapsedRun, divergedRun, summary } from './runs-fixtures.ts';

describe('a model answer in words', () => {
  it('names the most probable digit, the lower one on a tie', () => {
    expect(topDigit([0.1, 0.05, 0.05, 0.6, 0.2, 0, 0, 0, 0, 0])).toBe(3);
    expect(topDigit([0, 0.5, 0, 0, 0, 0, 0, 0.5, 0, 0])).toBe(1);
    expect(topDigit([])).toBeNull();
  });

  it('labels bars with whole percentages', () => {
    expect(barLabel(7, 0.916)).toBe('7: 92%');
    expect(barLabel(0, 0.004)).toBe('0: 0%');
    expect(wholePercent(1)).toBe('100%');
  });
});

describe('choosing models', () => {
  const runs = [
    summary(1, { name: 'article', testAccuracy: 0.9 }),
    summary(2, { name: 'quick', testAccuracy: 0.97 }),
    summary(3, { name: 'training', status: 'running', testAccuracy: null }),
    summary(4, { name: 'quick again', testAccuracy: 0.97 }),
    summary(5, { name: 'failed', status: 'failed', testAccuracy: null }),
    summary(6, { name: 'tiny', testAccuracy: 0.8 }),
  ];
  const completed = completedRuns(runs);

  it('offers completed runs, the most accurate first, the newest among equals', () => {
    expect(completed.map((r) => r.id)).toEqual([4, 2, 1, 6]);
    expect(runLabel(completed[1])).toBe('#2 quick · 97.00%');
    expect(runLabel(summary(9, { name: 'x', testAccuracy: null }))).toBe('#9 x · no test accuracy');
  });

  it('shows the runs in the address, else the most accurate one', () => {
    expect(shownModels([6, 1, 6], completed)).toEqual([6, 1]);
    expect(shownModels([1, 2, 4, 6, 9], completed)).toHaveLength(MAX_MODELS);
    expect(shownModels([], completed)).toEqual([4]);
    expect(shownModels([], [])).toEqual([]);
  });

  it('adds the most accurate run not shown, up to four', () => {
    expect(withAnotherModel([4], completed)).toEqual([4, 2]);
    expect(withAnotherModel([2, 4], completed)).toEqual([2, 4, 1]);
    expect(withAnotherModel([4, 2, 1, 6], completed)).toEqual([4, 2, 1, 6]);
    expect(withAnotherModel([4, 2, 1], completed.slice(0, 3))).toEqual([4, 2, 1]);
  });

  it('switches a column to another run, swapping if that run is shown elsewhere', () => {
    expect(withModelAt([4, 2], 0, 6)).toEqual([6, 2]);
    expect(withModelAt([4, 2], 0, 2)).toEqual([2, 4]);
    expect(withModelAt([4, 2], 1, 2)).toEqual([4, 2]);
  });

  it('removes a column', () => {
    expect(withoutModelAt([4, 2, 1], 1)).toEqual([4, 1]);
  });
});

describe('models that did not learn', () => {
  const collapsed = collapsedRun(7, { name: 'sgd at 3' });
  // Its test loss blew up, though it reads half the digits.
  const blewUp = summary(8, { name: 'sgd at 30', testLoss: 4e5, testAccuracy: 0.5 });
  const learnt = summary(9, { name: 'slow', testAccuracy: 0.4 });

  it('are offered after every run that learnt, and marked', () => {
    expect(completedRuns([collapsed, blewUp, learnt]).map((r) => r.id)).toEqual([9, 8, 7]);
    expect(runLabel(collapsed)).toBe('#7 sgd at 3 · 9.80% · collapsed: no better than guessing');
    expect(runLabel(blewUp)).toBe('#8 sgd at 30 · 50.00% · diverged: the loss blew up');
  });

  it('are named by what they read when the confusion matrix is known', () => {
    const every1 = { ...runOutcome(collapsed)!, summary: 'reads every image as 1' };
    expect(runLabel(collapsed, every1)).toBe(
      '#7 sgd at 3 · 9.80% · collapsed: reads every image as 1',
    );
  });

  it('are not chosen by default, even when no run learnt', () => {
    expect(shownModels([], completedRuns([collapsed, blewUp, learnt]))).toEqual([9]);
    expect(shownModels([], completedRuns([collapsed, blewUp]))).toEqual([]);
    // The learner may still pick one.
    expect(shownModels([7], completedRuns([collapsed, learnt]))).toEqual([7]);
    expect(withAnotherModel([], completedRuns([collapsed, blewUp]))).toEqual([8]);
  });
});

describe('the models the Draw view remembers', () => {
  const completed = [4, 2, 1].map((id) => summary(id, { status: 'completed' }));

  it('reads a remembered list back, ignoring anything that is not a run id', () => {
    expect(modelList('3,5')).toEqual([3, 5]);
    expect(modelList(null)).toEqual([]);
    expect(modelList('')).toEqual([]);
    expect(modelList('3,x,-1,2.5,7')).toEqual([3, 7]);
  });

  it('shows the address first, else the remembered runs that are still completed', () => {
    expect(rememberedModels([2], [1, 4], completed)).toEqual([2]);
    expect(rememberedModels([], [1, 4], completed)).toEqual([1, 4]);
    // Run 9 was deleted since: it is left out rather than shown as missing.
    expect(rememberedModels([], [9, 4], completed)).toEqual([4]);
    expect(rememberedModels([], [], completed)).toEqual([]);
  });
});

describe('a run the address names that cannot answer', () => {
  it('says why in words: diverged, still training, stopped, or gone', () => {
    expect(notDrawable(3, divergedRun(3))).toBe(
      'Run #3 diverged (the loss blew up), so it has no trained model to read your digit with.',
    );
    expect(notDrawable(4, summary(4, { status: 'running' }))).toBe(
      'Run #4 is still training; its model can read digits once it completes.',
    );
    expect(notDrawable(5, summary(5, { status: 'cancelled' }))).toBe(
      'Run #5 was cancelled before it finished, so it has no final model to read your digit with.',
    );
    expect(notDrawable(6, undefined)).toBe('There is no run #6: it may have been deleted.');
  });
});
