// What the "Inside the network" part of Run detail shows about one run: its saved weights as a
// runnable network (fetched once per saved model, then every forward pass runs here in the
// renderer), the test image being looked at, and the last gradient check.

import type { CellImage, RunDetail } from '../../src-main/contract/api.ts';
import type { ModelKind } from '../../src-main/contract/rows.ts';
import type { Network } from '../../src-core/network.ts';
import { inputFromBase64 } from '../components/activations.ts';
import { api } from '../lib/api.ts';
import { networkFromModel } from '../lib/network.ts';
import { checkRun, type CheckOutcome } from './gradient-check.ts';
import { randomCell } from './test-images.ts';

export interface LoadedModel {
  readonly network: Network;
  readonly kind: ModelKind;
  readonly epoch: number;
}

export interface PickedImage {
  /** Position in the run's test part. */
  readonly index: number;
  /** The true digit. */
  readonly actual: number;
  /** 784 bytes, base64, as the back end sends them. */
  readonly pixels: string;
  /** The back end's probabilities for it (from the same saved model). */
  readonly probabilities: readonly number[];
  /** The network's input: the pixels scaled to 0–1. */
  readonly input: Float32Array;
}

/** The saved model a run's views use (the final one, else the last epoch's), or null. */
export function modelOf(run: RunDetail): { kind: 'last' | 'final'; epoch: number } | null {
  const m = run.models.find((x) => x.kind === 'final') ?? run.models.find((x) => x.kind === 'last');
  return m === undefined ? null : { kind: m.kind as 'last' | 'final', epoch: m.epoch };
}

export class InsideState {
  readonly runId: number;
  model = $state.raw<LoadedModel | null>(null);
  modelError = $state<string | null>(null);
  image = $state.raw<PickedImage | null>(null);
  imageError = $state<string | null>(null);
  picking = $state(false);
  check = $state.raw<CheckOutcome | null>(null);
  checking = $state(false);

  #loaded: string | null = null;

  constructor(runId: number) {
    this.runId = runId;
  }

  /** Loads the run's saved model unless this one (kind and epoch) is already here. */
  async load(saved: { kind: 'last' | 'final'; epoch: number }): Promise<void> {
    const key = `${saved.kind}@${saved.epoch}`;
    if (this.#loaded === key) return;
    this.#loaded = key;
    try {
      const weights = await api.getModel({ id: this.runId, kind: saved.kind });
      if (this.#loaded !== key) return;
      this.model = { network: networkFromModel(weights), kind: weights.kind, epoch: weights.epoch };
      this.modelError = null;
    } catch (error) {
      if (this.#loaded !== key) return;
      this.#loaded = null;
      this.modelError = (error as Error).message;
    }
  }

  pick(image: CellImage, actual: number): void {
    this.image = { ...image, actual, input: inputFromBase64(image.pixels) };
    this.imageError = null;
  }

  /** Picks a random test image, or a random mistake. */
  async pickRandom(confusion: number[][] | null, which: 'any' | 'mistake'): Promise<void> {
    this.picking = true;
    this.imageError = null;
    try {
      // Without a matrix the cell is a guess (a digit read right) and may hold no image.
      for (let attempt = 0; attempt < 10; attempt++) {
        const cell = randomCell(confusion, which);
        if (cell === null) {
          this.imageError = which === 'mistake' ? 'This model made no mistake.' : 'No test image.';
          return;
        }
        const { images } = await api.getConfusionCell({ id: this.runId, ...cell, limit: 500 });
        if (images.length > 0) {
          this.pick(images[Math.floor(Math.random() * images.length)], cell.actual);
          return;
        }
      }
      this.imageError = 'Could not find a test image; try again.';
    } catch (error) {
      this.imageError = `Could not load a test image: ${(error as Error).message}`;
    } finally {
      this.picking = false;
    }
  }

  /** Runs the gradient check after letting the page show that it started. */
  async runCheck(run: RunDetail): Promise<void> {
    this.checking = true;
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      this.check = checkRun(run.config, run.architecture.split('-').map(Number));
    } finally {
      this.checking = false;
    }
  }
}
