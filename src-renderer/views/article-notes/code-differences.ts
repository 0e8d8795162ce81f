// Where the blog's code (/work/shared/seed-article.txt, as its author published it) does what
// its text does not, each with what that would do to learning and what the Article preset does
// instead. The ones the core can express are "measured": a run of the network as the code
// computes it, queued beside the preset, whose results the page reads back from the runs.

import type { TrainConfig } from '../../../src-core/config.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { percent } from '../../lib/format.ts';

/** A variant of the Article preset that trains what the blog's code computes. */
export interface Measure {
  readonly id: string;
  /** The tag its runs carry, by which the page finds them again. */
  readonly tag: string;
  /** The queued run's name. */
  readonly name: string;
  readonly config: TrainConfig;
  /** The button's words, after "Queue". */
  readonly what: string;
}

export interface CodeDifference {
  readonly id: string;
  readonly title: string;
  /** The lines of the blog's code it is about, as published. */
  readonly code: string;
  /** What the code does, against what the text says. */
  readonly does: string;
  /** What it would do to learning. */
  readonly effect: string;
  /** How the Article preset does it instead. */
  readonly preset: string;
  /** One or two sentences for a learner. */
  readonly lesson: string;
  readonly measure: Measure | null;
}

const article = PRESETS.article;

export const MEASURES = {
  noSecondRelu: {
    id: 'no-second-relu',
    tag: 'blog-code:no-second-relu',
    name: 'Article, as its code: no second ReLU',
    config: { ...article, activations: ['relu', 'identity'] },
    what: 'the Article network without its second ReLU',
  },
  crossEntropy: {
    id: 'cross-entropy',
    tag: 'blog-code:cross-entropy',
    name: 'Article, as its code: cross-entropy gradient',
    config: { ...article, loss: 'cross-entropy' },
    what: 'the Article network trained on cross-entropy',
  },
  both: {
    id: 'as-coded',
    tag: 'blog-code:as-coded',
    name: 'Article, as its code: no second ReLU, cross-entropy gradient',
    config: { ...article, activations: ['relu', 'identity'], loss: 'cross-entropy' },
    what: 'the network as the code computes it (both at once)',
  },
} as const satisfies Record<string, Measure>;

export const CODE_DIFFERENCES: readonly CodeDifference[] = [
  {
    id: 'second-relu',
    title: 'forward_prop skips the second ReLU',
    code: 'A2 = np.dot(W2, A1) + b2\nZ2 = ReLu(A2)\nZ3 = np.dot(W3, A2) + b3',
    does: 'The names A2 and Z2 are swapped: A2 holds the second layer’s pre-activation and Z2 its ReLU. Z3 is then computed from A2, the pre-activation, so the ReLU’s output is never used. The text says every hidden layer applies its activation.',
    effect:
      'Two linear layers with nothing between them are one linear map: W3·(W2·A1 + b2) + b3 = (W3·W2)·A1 + (W3·b2 + b3). The network has 368 more parameters than a 784-32-10 one, but can compute nothing that one could not.',
    preset:
      'The Article preset applies ReLU after both hidden layers, as the text says. A run with “None (identity)” as the second activation trains the network the code computes.',
    lesson:
      'A layer without an activation can be folded into the next one, so it adds parameters but no new kind of pattern the network can learn.',
    measure: MEASURES.noSecondRelu,
  },
  {
    id: 'loss-gradient',
    title: 'backwards_prop starts from the gradient of cross-entropy, not of squared error',
    code: 'dZ2 = A2 - one_hot_Y',
    does: 'The text says the loss is the squared error (ŷ − y)². But A − Y is the gradient of cross-entropy through softmax with respect to the scores Z. The gradient of the squared error through softmax is different: dZᵢ = pᵢ(gᵢ − Σⱼ pⱼgⱼ), with g = 2(p − y).',
    effect:
      'The code learns as if it used cross-entropy. Its gradient stays large when the network is confidently wrong. Squared error through softmax has a gradient that vanishes there, so it learns those images slowly.',
    preset:
      'The Article preset uses the loss the text names, summed squared error, with its true gradient through softmax’s Jacobian (src-core/losses.ts).',
    lesson:
      'The loss you write down and the gradient you descend must belong together. Here they do not: the code reports one loss and minimises another.',
    measure: MEASURES.crossEntropy,
  },
  {
    id: 'two-of-three',
    title: 'backwards_prop and update_params handle two of the three layers',
    code: 'def backwards_prop(Z1, A1, Z2, A2, W1, W2, X, Y):\n    …\n    return dW2, dB2, dW1, dB1',
    does: 'init_params builds three layers (W1, W2, W3), but the gradients and the update cover only W1, b1, W2 and b2. It is code for a two-layer network. W3 and b3 are never updated, and dZ2 = A2 − one_hot_Y subtracts 10 rows of labels from the 16 rows of the second layer.',
    effect:
      'Given the three-layer forward_prop’s A2, that subtraction fails because the shapes do not broadcast. Joined up as the text means, the last layer would keep its random weights, and the first two layers would have to fit a fixed, random readout.',
    preset:
      'The Article preset trains all three layers: backprop walks every layer in reverse, from dZ3 down to dW1 and db1.',
    lesson:
      'Backpropagation has to reach every layer that has parameters. A layer it skips stays as random as it started.',
    measure: null,
  },
  {
    id: 'bias-sum',
    title: 'dB2 sums over the whole matrix',
    code: 'dB2 = (1/m) * np.sum(dZ2)',
    does: 'Without axis=1, np.sum adds every unit’s gradient over every image into one number, so every bias of the layer gets the same step. dB1 uses axis = 1, keepdims = True, as it should.',
    effect:
      'At the output, with dZ = A − Y, each image’s gradients add up to 1 − 1 = 0. So dB2 is zero up to rounding, and the output biases never move from their random start.',
    preset:
      'The Article preset sums each bias’s gradient over the images only, one number per unit (db = Σ over the batch of dZ, divided by its size).',
    lesson:
      'A bias gradient has one number per unit: it adds up over the images, never across the units.',
    measure: null,
  },
  {
    id: 'unpacking',
    title: 'gradient_descent unpacks four parameters from six',
    code: 'W1, b1, W2, b2 = init_params()\nZ1, A1, Z2, A2 = forward_prop(W1, b1, W2, b2, X)\n…\nreturn W1, b2, W2, b2',
    does: 'init_params returns six arrays in the order W1, W2, W3, b1, b2, b3, and forward_prop takes seven arguments and returns six. gradient_descent unpacks four and passes five. It also returns b2 twice and loses b1.',
    effect:
      'Python stops at the first line with “too many values to unpack”, so the post’s training loop never runs as printed. Even with matching counts, the order would put W2’s weights where b1 belongs.',
    preset:
      'The Article preset keeps all the weights in one block with a view per layer, so no function can receive them in the wrong order.',
    lesson:
      'Passing parameters by position is easy to get wrong as a network grows. Keeping them together, by layer, makes this whole class of bug impossible.',
    measure: null,
  },
  {
    id: 'accuracy-of',
    title: 'The accuracy is read from A2',
    code: 'predictions = get_preds(A2)',
    does: 'In the three-layer forward_prop, A2 is the second hidden layer’s pre-activation (16 numbers an image), not the softmax output A3. get_preds and get_accuracy are never defined in the post.',
    effect:
      'The printed accuracy would be the share of images whose largest hidden value sits at the label’s index, not the network’s answer.',
    preset:
      'The Article preset measures accuracy on the output probabilities, on held-out validation images each epoch and on the test images at the end.',
    lesson:
      'Measure the output you will use. A hidden layer’s numbers are not the network’s answer.',
    measure: null,
  },
  {
    id: 'batch-size',
    title: 'The gradient is divided by every image, not by the training images',
    code: 'm, n = data.shape\n…\ndW2 = (1/m) * np.dot(dZ2, A1.T)',
    does: 'backwards_prop uses the global m, which counts every row of the CSV, the 1000 dev rows included. The gradient is a sum over the training images only (m_train, computed but unused).',
    effect:
      'Every gradient is 2.4% smaller than the mean (41,000 out of 42,000 for Kaggle’s file): the same as a learning rate 2.4% lower. It is not measured here: a sweep over the learning rate (New run → Sweep) shows what that does better than one more run would.',
    preset:
      'The Article preset averages each gradient over the images in the batch it was computed on.',
    lesson:
      'A mean divides by the number of things summed. Here the two counts differ only a little, so the code still learns.',
    measure: null,
  },
  {
    id: 'softmax-overflow',
    title: 'softmax exponentiates the raw scores',
    code: 'def softmax(z):\n    return np.exp(z) / sum(np.exp(z))',
    does: 'np.exp(z) overflows to infinity once a score passes about 709 (88 in float32), and ∞/∞ is NaN. The text does not say that softmax needs care.',
    effect:
      'A large learning rate or a large weight makes a score big enough, and then one NaN spreads through every weight on the next update.',
    preset:
      'The core subtracts each image’s largest score before exponentiating, which gives the same probabilities. It stops a run as diverged if NaN appears anyway.',
    lesson:
      'softmax(z) = softmax(z − max z): shifting every score by the same amount changes nothing, so shift them below zero and exp can never overflow.',
    measure: null,
  },
  {
    id: 'dev-set',
    title: 'The 1000 dev images are held out and never used',
    code: 'data_dev = data[0:1000].T\n…\nX_dev = X_dev / 255.',
    does: 'The code sets aside 1000 images and scales them, but the accuracy it prints is on the training images it learns from.',
    effect:
      'Accuracy on the training images overstates how well the network reads digits it has not seen, more so the longer it trains.',
    preset:
      'The Article preset also holds out 1000 training images, measures them after every epoch, and reports a separate test set at the end.',
    lesson:
      'Judge a network on images it never learned from. Otherwise you are measuring its memory, not its reading.',
    measure: null,
  },
];

/** Runs tagged for `measure`, newest first. */
export function measuredRuns(runs: readonly RunSummary[], measure: Measure): RunSummary[] {
  return runs.filter((r) => r.tags.includes(measure.tag)).sort((a, b) => b.createdAt - a.createdAt);
}

/** The run a measured variant is read against: the newest unmodified Article run with the
 * variant's seed on its dataset (completed ones first) that did not fail or stop, or null. */
export function presetRun(
  runs: readonly RunSummary[],
  variant: Pick<RunSummary, 'seed' | 'datasetId'>,
): RunSummary | null {
  const candidates = runs
    .filter(
      (r) =>
        r.preset === 'article' &&
        !r.presetModified &&
        r.seed === variant.seed &&
        r.datasetId === variant.datasetId &&
        r.status !== 'failed' &&
        r.status !== 'cancelled',
    )
    .sort(
      (a, b) =>
        Number(b.status === 'completed') - Number(a.status === 'completed') ||
        b.createdAt - a.createdAt,
    );
  return candidates[0] ?? null;
}

/** The measured difference in words, once both runs completed with a test accuracy; else null.
 * Losses are not compared: a squared error and a cross-entropy are on different scales. */
export function measuredSummary(variant: RunSummary, preset: RunSummary): string | null {
  if (variant.status !== 'completed' || preset.status !== 'completed') return null;
  if (variant.testAccuracy === null || preset.testAccuracy === null) return null;
  const points = (variant.testAccuracy - preset.testAccuracy) * 100;
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return (
    `Test accuracy ${percent(variant.testAccuracy)} against ${percent(preset.testAccuracy)} for ` +
    `the Article preset: ${sign}${Math.abs(points).toFixed(2)} points, one run each with ` +
    `seed ${variant.seed}. Compare tells whether a difference this size is likely real.`
  );
}
