// A run that blew up or collapsed is not a success: its state, why, in a learner's words, and
// what to try. Read from what the store keeps: the error a diverged run was stopped with, the
// test figures, and on the run page and in Compare the confusion matrix (see
// src-core/divergence.ts for the thresholds).

import { atChance, guessingLoss, lossBlewUp, readDivergence } from '../../src-core/divergence.ts';
import { CLASSES } from '../../src-core/limits.ts';
import { mostPredicted } from '../../src-core/metrics.ts';
import type { OptimizerName } from '../../src-core/optimizers/optimizer.ts';
import type { RunDetail } from '../../src-main/contract/api.ts';
import type { RunStatus, RunSummary } from '../../src-main/contract/rows.ts';
import { percent, shortNumber } from './format.ts';

/** A run's status, or what its result really is. */
export type RunState = RunStatus | Outcome['state'];

export interface Outcome {
  /** diverged: the loss blew up (or became NaN); collapsed: it ended no better than a guess. */
  readonly state: 'diverged' | 'collapsed';
  /** A few words for a table cell. */
  readonly summary: string;
  /** What happened, in a sentence. */
  readonly reason: string;
  /** What to try. */
  readonly advice: string;
}

/** Rates each optimiser usually trains MNIST at, larger first: what the advice suggests. */
const USUAL_RATES: Record<OptimizerName, readonly [number, number]> = {
  gd: [0.5, 0.1],
  sgd: [0.1, 0.01],
  momentum: [0.01, 0.001],
  adam: [0.001, 0.0001],
};

const OPTIMIZER_NAMES: Record<OptimizerName, string> = {
  gd: 'gradient descent',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
};

/** 1070, 1.9e8: a loss to three significant digits. */
const roughly = (x: number): string => shortNumber(x, Math.abs(x) * 1e-2);

/** A rate as typed: 0.000001, not 1e-6. */
const rate = (x: number): string =>
  Number(x.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 });

const GUESS = `where a network that guesses scores ${guessingLoss('cross-entropy', CLASSES).toFixed(2)}`;
const CHANCE = `${percent(1 / CLASSES, 0)} for ${CLASSES} digits`;

function advice(state: Outcome['state'], optimizer: OptimizerName, learningRate: number): string {
  const [high, low] = USUAL_RATES[optimizer];
  const usual = `Try ${rate(high)} or ${rate(low)}.`;
  const name = OPTIMIZER_NAMES[optimizer];
  if (learningRate > high)
    return `The learning rate, ${rate(learningRate)}, is too large for ${name}. ${usual}`;
  if (state === 'collapsed' && learningRate < low / 10)
    return `The learning rate, ${rate(learningRate)}, is too small for ${name} to move the weights. ${usual}`;
  const smaller = `a learning rate 10× smaller: ${rate(learningRate / 10)}`;
  return state === 'diverged'
    ? `Try ${smaller}.`
    : `If the loss jumped early, try ${smaller}; with ReLU, He initialisation or leaky ReLU keeps units from dying.`;
}

function diverged(run: RunSummary | RunDetail): string | null {
  const stopped = run.status === 'failed' ? readDivergence(run.error) : null;
  if (stopped !== null) {
    const where = `in epoch ${stopped.epoch} (batch ${stopped.batch})`;
    if (Number.isFinite(stopped.loss))
      return `The loss blew up to ${roughly(stopped.loss)} ${where}, ${GUESS}: each step threw the weights further off, so training stopped.`;
    const what = Number.isNaN(stopped.loss) ? 'NaN (not a number)' : 'infinite';
    return `The loss became ${what} ${where}: the numbers overflowed, so training stopped.`;
  }
  if (run.status === 'completed' && run.testLoss !== null && lossBlewUp(run.testLoss, CLASSES))
    return `Its test loss is ${roughly(run.testLoss)}, ${GUESS}: the loss blew up while it trained, and the weights it ended with read no digit.`;
  return null;
}

function collapsed(run: RunSummary | RunDetail): { summary: string; reason: string } | null {
  if (run.status !== 'completed' || run.testAccuracy === null) return null;
  if (!atChance(run.testAccuracy, CLASSES)) return null;
  const accuracy = percent(run.testAccuracy);
  const top = 'confusion' in run && run.confusion !== null ? mostPredicted(run.confusion) : null;
  if (top !== null && top.share >= 0.9) {
    const share = top.share === 1 ? 'every' : `${percent(top.share, 0)} of`;
    return {
      summary: `reads ${share} image${top.share === 1 ? '' : 's'} as ${top.digit}`,
      reason: `It reads ${share} test image${top.share === 1 ? '' : 's'} as ${top.digit}, so its test accuracy, ${accuracy}, is what guessing gives (${CHANCE}): the network collapsed to one answer instead of learning the digits.`,
    };
  }
  return {
    summary: 'no better than guessing',
    reason: `Its test accuracy, ${accuracy}, is no better than guessing (${CHANCE}): the network did not learn the digits.`,
  };
}

/** Why a run's result is not one, and what to try; null for a run that learnt (or is still
 * training, or failed for another reason). */
export function runOutcome(run: RunSummary | RunDetail): Outcome | null {
  const { optimizer, learningRate } = 'config' in run ? run.config : run;
  const name = optimizer as OptimizerName;
  const blewUp = diverged(run);
  if (blewUp !== null)
    return {
      state: 'diverged',
      summary: 'the loss blew up',
      reason: blewUp,
      advice: advice('diverged', name, learningRate),
    };
  const stuck = collapsed(run);
  if (stuck === null) return null;
  return { state: 'collapsed', ...stuck, advice: advice('collapsed', name, learningRate) };
}
