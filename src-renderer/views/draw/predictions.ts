// How the Draw view words a model's answer and picks which models to show.

import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { percent } from '../../lib/format.ts';
import { runOutcome, type Outcome } from '../../lib/run-outcome.ts';

/** At most this many models answer side by side. */
export const MAX_MODELS = 4;

/** A probability as a whole percentage, e.g. 0.916 → "92%". */
export const wholePercent = (p: number): string => `${Math.round(p * 100)}%`;

/** What a screen reader says for one bar, e.g. "7: 92%". */
export const barLabel = (digit: number, p: number): string => `${digit}: ${wholePercent(p)}`;

/** The most probable digit (the lower digit on a tie), or null with no probabilities. */
export function topDigit(probabilities: readonly number[]): number | null {
  let best: number | null = null;
  for (let d = 0; d < probabilities.length; d++)
    if (best === null || probabilities[d] > probabilities[best]) best = d;
  return best;
}

const learnt = (run: RunSummary): boolean => runOutcome(run) === null;

/** Completed runs: those that learnt, then those that collapsed or diverged, each the most
 * accurate first (the newest first among equals). */
export function completedRuns(runs: readonly RunSummary[]): RunSummary[] {
  return runs
    .filter((r) => r.status === 'completed')
    .map((run) => ({ run, learnt: learnt(run) }))
    .sort(
      (a, b) =>
        Number(b.learnt) - Number(a.learnt) ||
        (b.run.testAccuracy ?? -1) - (a.run.testAccuracy ?? -1) ||
        b.run.id - a.run.id,
    )
    .map(({ run }) => run);
}

/** Why run `id` (`run`, undefined when there is none) cannot read a digit, for an address that
 * names a run which is not a completed one. */
export function notDrawable(id: number, run: RunSummary | undefined): string {
  if (run === undefined) return `There is no run #${id}: it may have been deleted.`;
  const outcome = runOutcome(run);
  if (outcome?.state === 'diverged')
    return `Run #${id} diverged (${outcome.summary}), so it has no trained model to read your digit with.`;
  if (run.status === 'running' || run.status === 'queued')
    return `Run #${id} is still training; its model can read digits once it completes.`;
  const stopped = run.status === 'failed' ? 'failed' : `was ${run.status}`;
  return `Run #${id} ${stopped} before it finished, so it has no final model to read your digit with.`;
}

/** A run as the model picker lists it, e.g. "#3 quick · 97.12%", or "#4 sgd at 3 · 9.80% ·
 * collapsed: reads every image as 1" for one that did not learn (`outcome` as the run page has
 * it, from the confusion matrix, when known). */
export function runLabel(run: RunSummary, outcome: Outcome | null = runOutcome(run)): string {
  const accuracy = run.testAccuracy === null ? 'no test accuracy' : percent(run.testAccuracy);
  const verdict = outcome === null ? '' : ` · ${outcome.state}: ${outcome.summary}`;
  return `#${run.id} ${run.name} · ${accuracy}${verdict}`;
}

/**
 * The run ids whose answers are shown: those in the address (without repeats, at most
 * MAX_MODELS), or when it names none the most accurate completed run that learnt, or none: a
 * network that collapsed or diverged is shown only when the learner picks it.
 */
export function shownModels(chosen: readonly number[], completed: readonly RunSummary[]): number[] {
  const ids = [...new Set(chosen)].slice(0, MAX_MODELS);
  if (ids.length > 0) return ids;
  const best = completed.find(learnt);
  return best === undefined ? [] : [best.id];
}

/** Run ids from a comma-separated list such as "3,5" (as remembered), skipping anything else. */
export function modelList(text: string | null): number[] {
  if (text === null || text === '') return [];
  return text
    .split(',')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
}

/** The runs to show: those in the address, or when it names none the ones chosen last time that
 * are still completed runs (a deleted run is not brought back as missing). */
export function rememberedModels(
  address: readonly number[],
  remembered: readonly number[],
  completed: readonly RunSummary[],
): number[] {
  if (address.length > 0) return [...address];
  return remembered.filter((id) => completed.some((r) => r.id === id));
}

/** The models after adding one more column: the most accurate run not shown yet. */
export function withAnotherModel(
  shown: readonly number[],
  completed: readonly RunSummary[],
): number[] {
  if (shown.length >= MAX_MODELS) return [...shown];
  const next = completed.find((r) => !shown.includes(r.id));
  return next === undefined ? [...shown] : [...shown, next.id];
}

/** The models after column `index` shows run `id` instead (a run shown elsewhere swaps places). */
export function withModelAt(shown: readonly number[], index: number, id: number): number[] {
  const next = [...shown];
  const elsewhere = next.indexOf(id);
  if (elsewhere >= 0 && elsewhere !== index) next[elsewhere] = next[index];
  next[index] = id;
  return next;
}

/** The models after removing column `index`. */
export const withoutModelAt = (shown: readonly number[], index: number): number[] =>
  shown.filter((_, i) => i !== index);
