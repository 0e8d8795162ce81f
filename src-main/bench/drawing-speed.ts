// How long the drawing pad takes from a drawn stroke to the ten probabilities, for each preset's
// network: the renderer's own path, readDigit (src-core/preprocess.ts) on the pad's 280×280 RGBA
// pixels, then a one-row forward pass and softmax on the TypeScript backend, which is what the
// renderer computes on (src-renderer/views/draw/model-cache.ts). Painting the canvas is the
// browser's and is not counted. The weights are He-initialised: a forward pass costs the same
// whatever they have learnt. Best of several repetitions, the least disturbed on a shared machine.

import { architectureOf, MNIST_IMAGE } from '../../src-core/architecture.ts';
import { initialize } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { PRESET_NAMES, PRESETS, type PresetName } from '../../src-core/presets.ts';
import { readDigit } from '../../src-core/preprocess.ts';
import { Rng } from '../../src-core/rng.ts';

/** The limit: a drawn digit must read within this on whichever backend the pad has. */
export const DRAWING_LIMIT_MS = 5;
/** The drawing pad's side in pixels (DrawingPad.svelte), which is also what readDigit reads. */
const PAD = 280;
/** The pad's default brush (DrawingPad.svelte). */
const BRUSH = 22;
const REPETITIONS = 60;

export interface DrawingSpeed {
  readonly preset: PresetName;
  readonly sizes: readonly number[];
  /** Stroke to probabilities, best of the repetitions. */
  readonly ms: number;
  /** Of which readDigit alone and the forward pass alone (each its own best). */
  readonly readMs: number;
  readonly forwardMs: number;
}

/** Why a drawing time fails the limit, or null when it is within it. */
export function drawingSpeedProblem({ preset, sizes, ms, readMs }: DrawingSpeed): string | null {
  return ms <= DRAWING_LIMIT_MS
    ? null
    : `the drawing pad took ${ms.toFixed(2)} ms from stroke to probabilities with the ${preset} ` +
        `network (${sizes.join('-')}; ${readMs.toFixed(2)} ms of it reading the digit), over the ` +
        `limit of ${DRAWING_LIMIT_MS} ms`;
}

/** A "7" drawn with the default brush, black on white, as the pad hands its pixels to readDigit:
 * every pixel within half the brush of the stroke's polyline is ink. */
export function drawnSeven(): Uint8Array {
  const stroke = [
    [70, 60],
    [210, 55],
    [180, 120],
    [125, 225],
  ];
  const rgba = new Uint8Array(PAD * PAD * 4).fill(255);
  const r2 = (BRUSH / 2) ** 2;
  for (let y = 0; y < PAD; y++)
    for (let x = 0; x < PAD; x++) {
      const inked = stroke.slice(1).some(([bx, by], i) => {
        const [ax, ay] = stroke[i];
        const [dx, dy] = [bx - ax, by - ay];
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
        return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= r2;
      });
      if (inked) rgba.fill(0, (y * PAD + x) * 4, (y * PAD + x) * 4 + 3);
    }
  return rgba;
}

/** The fastest of `repetitions` runs of `work`, after as many unmeasured ones (the JIT's). */
function bestMs(work: () => void, repetitions: number): number {
  let best = Infinity;
  for (let i = 0; i < 2 * repetitions; i++) {
    const started = performance.now();
    work();
    if (i >= repetitions) best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Milliseconds from the pad's pixels to probabilities, per preset. */
export function drawingSpeed(repetitions = REPETITIONS): DrawingSpeed[] {
  const rgba = drawnSeven();
  const read = (): Float32Array => {
    const reading = readDigit(rgba, PAD, PAD);
    if (reading.status !== 'digit') throw new Error(`the drawn 7 reads as ${reading.status}`);
    return reading.digit.input;
  };
  const input = read();
  const timed = PRESET_NAMES.map((preset) => {
    const config = PRESETS[preset];
    const sizes = architectureOf(config, MNIST_IMAGE);
    const rng = new Rng(1);
    const network = new Network({ sizes, activations: config.activations }, 1, 'float32', rng);
    initialize(network.chain, 'he', rng);
    return {
      preset,
      sizes,
      ms: bestMs(() => predictProbabilities(network, read(), 1), repetitions),
      forwardMs: bestMs(() => predictProbabilities(network, input, 1), repetitions),
    };
  });
  // Last, once the JIT has compiled readDigit as the timings above ran it.
  const readMs = bestMs(read, repetitions);
  return timed.map((t) => ({ ...t, readMs }));
}
