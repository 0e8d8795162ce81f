// How the step-by-step view shows one step of src-core/explain.ts: its shape as the blog writes
// it, its largest values by name (indices from 0, as numpy counts, so Z3[7] is digit 7's score),
// how to lay all its values out as a heatmap, and a sentence on what the step does.

import type { ExplainStep } from '../../../src-core/explain.ts';
import { imageSide } from '../../components/weight-images.ts';

/** "(32, 1)", "(10, 16)", or "(1), a single number" for the loss. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 && shape[0] === 1 ? '(1), a single number' : `(${shape.join(', ')})`;
}

/** The name of value `index` of a step: "Z2[5]" in a column, "dW3[7, 12]" in a matrix. */
export function entryName(step: ExplainStep, index: number): string {
  const [rows, cols = 1] = step.shape;
  if (step.shape.length === 1) return step.name;
  if (cols === 1) return `${step.name}[${index}]`;
  if (index < 0 || index >= rows * cols) throw new RangeError(`${step.name} has no value ${index}`);
  return `${step.name}[${Math.floor(index / cols)}, ${index % cols}]`;
}

/** A value with 4 significant digits, a true minus sign, and exponents for the very large or
 * small (gradients deep in a network reach 1e-9). */
export function valueText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(4);
  return text.replaceAll('-', '−');
}

/** How all of a step's values are drawn: an image for 784 pixels (and anything square that
 * is a column of an image's size), a strip for other columns, the matrix itself for weights;
 * null for a single number. */
export function heatmapLayout(step: ExplainStep): { rows: number; cols: number } | null {
  const [rows, cols = 1] = step.shape;
  if (step.shape.length === 1) return null;
  if (cols === 1) {
    const side = rows >= 49 ? imageSide(rows) : null;
    return side === null ? { rows: 1, cols: rows } : { rows: side, cols: side };
  }
  return { rows, cols };
}

/** The largest values of a step by magnitude, named, largest first. */
export function topEntries(step: ExplainStep): { name: string; value: number }[] {
  return step.top.map((i) => ({ name: entryName(step, i), value: step.values[i] }));
}

/** A sentence for a learner on what a step does, by its name. */
export function stepHelp(name: string): string {
  if (name === 'X') return 'The image, one number per pixel: 0 for paper, 1 for full ink.';
  if (name === 'Y') return 'The right answer as a column: 1 at the true digit, 0 elsewhere.';
  if (name === 'L') return 'How wrong the network is on this image: the number backprop lowers.';
  if (/^Z\d+$/.test(name))
    return 'Each unit adds up what the layer below says, each times its weight, plus its bias.';
  if (/^A\d+$/.test(name))
    return 'The activation decides what each unit passes on; at the output, softmax turns scores into probabilities that add up to 1.';
  if (/^dA\d+$/.test(name))
    return 'How the loss would change if each of these outputs grew a little: the error, sent back through the weights.';
  if (/^g'/.test(name))
    return 'How much each unit lets a change through: the activation’s slope at its input.';
  if (/^dZ\d+$/.test(name))
    return 'The error at each unit’s input: what reaches it through the activation.';
  if (/^dW\d+$/.test(name))
    return 'How the loss changes with each weight: the error at its output times the input it carried. Gradient descent moves each weight against it.';
  if (/^db\d+$/.test(name))
    return 'A bias sees an input of 1, so its gradient is the error itself.';
  return '';
}

/** The step an arrow key moves to, or null for other keys. */
export function stepKey(key: string, index: number, count: number): number | null {
  if (key === 'ArrowRight') return Math.min(count - 1, index + 1);
  if (key === 'ArrowLeft') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
