// How long a 2D loss landscape takes: 25 × 25 points around a 784-128-64-10 network (the quick
// preset's) on 2,000 MNIST training images, on the backend the landscape's worker chooses
// (worker/landscape-backend.ts), through the same core function (src-core/landscape map2d) and
// its first-layer shortcut. The weights are He-initialised: a point costs the same whatever they
// have learnt. One run, timed from the first layer's products to the last point.

import { architectureOf } from '../../src-core/architecture.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { initialize } from '../../src-core/initializers.ts';
import { map2d } from '../../src-core/landscape/compute.ts';
import { loss } from '../../src-core/losses.ts';
import { Network, stackOf } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';
import { chooseLandscapeBackend } from '../worker/landscape-backend.ts';

/** The limit for this landscape. */
export const LANDSCAPE_LIMIT_S = 30;
const GRID = 25;
const IMAGES = 2000;
const LAYERS = [128, 64];

export interface LandscapeSpeed {
  readonly sizes: number[];
  readonly grid: number;
  readonly images: number;
  readonly seconds: number;
  readonly backend: string;
}

export async function landscapeSpeed(dataset: Dataset): Promise<LandscapeSpeed> {
  const sizes = architectureOf({ layers: LAYERS }, dataset.train);
  const stack = stackOf({ sizes, activations: ['relu', 'relu'] });
  const network = new Network(stack, 1);
  initialize(network.chain, 'he', new Rng(1));
  const subset = { set: dataset.train, indices: Uint32Array.from({ length: IMAGES }, (_, i) => i) };
  const { backend, label } = await chooseLandscapeBackend(
    stack,
    IMAGES,
    dataset.train.images.byteLength,
  );
  try {
    const started = performance.now();
    map2d(
      { stack, loss: loss('cross-entropy'), subset, backend },
      network.params,
      [],
      GRID,
      'random',
    );
    const seconds = (performance.now() - started) / 1000;
    return { sizes, grid: GRID, images: IMAGES, seconds, backend: label };
  } finally {
    if ('close' in backend && typeof backend.close === 'function') backend.close();
  }
}

export function landscapeSpeedProblem(s: LandscapeSpeed): string | null {
  return s.seconds <= LANDSCAPE_LIMIT_S
    ? null
    : `a ${s.grid} × ${s.grid} loss landscape of ${s.sizes.join('-')} on ${s.images} images took ` +
        `${s.seconds.toFixed(1)} s, over the limit of ${LANDSCAPE_LIMIT_S} s`;
}

export function landscapeSpeedLine(s: LandscapeSpeed): string {
  return (
    `Loss landscape, ${s.grid} × ${s.grid} points of ${s.sizes.join('-')} on ` +
    `${s.images.toLocaleString('en-US')} images (${s.backend}): ${s.seconds.toFixed(1)} s ` +
    `(limit ${LANDSCAPE_LIMIT_S} s).`
  );
}

/** The measurement as a JSON line of `bench --json`. */
export function landscapeSpeedJson(s: LandscapeSpeed): object {
  return { type: 'landscape', ...s, unit: 's', limit: LANDSCAPE_LIMIT_S };
}
