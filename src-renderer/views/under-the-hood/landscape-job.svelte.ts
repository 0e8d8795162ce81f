// One loss landscape asked of the back end: computeLandscape answers at once, with the result
// when it was computed before, or with the id of a computation under way in the training
// process, whose progress and end arrive as events; then getLandscape reads the result.

import type { ApiEvent } from '../../../src-main/contract/api.ts';
import type {
  ComputeLandscapeRequest,
  LandscapeInfo,
  LandscapeResult,
} from '../../../src-main/contract/landscape.ts';
import { api } from '../../lib/api.ts';

export class LandscapeJob {
  info = $state.raw<LandscapeInfo | null>(null);
  error = $state<string | null>(null);
  starting = $state(false);
  #stop: () => void;

  constructor() {
    this.#stop = api.onEvent((e) => this.#onEvent(e));
  }

  /** The finished result, or null. */
  get result(): LandscapeResult | null {
    const state = this.info?.state;
    return state?.status === 'done' ? state.result : null;
  }

  /** Points done and total while it computes, else null. */
  get progress(): { done: number; total: number } | null {
    const state = this.info?.state;
    return state?.status === 'computing' ? { done: state.done, total: state.total } : null;
  }

  async start(request: ComputeLandscapeRequest): Promise<void> {
    this.starting = true;
    this.error = null;
    try {
      this.info = await api.computeLandscape(request);
    } catch (e) {
      this.info = null;
      this.error = (e as Error).message;
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    const id = this.info?.landscapeId;
    if (id === undefined) return;
    try {
      await api.cancelLandscape({ landscapeId: id });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  destroy(): void {
    this.#stop();
  }

  #onEvent(e: ApiEvent): void {
    const info = this.info;
    if (info === null || !('landscapeId' in e) || e.landscapeId !== info.landscapeId) return;
    if (e.type === 'landscapeProgress')
      this.info = { ...info, state: { status: 'computing', done: e.done, total: e.total } };
    else if (e.type === 'landscapeEnded') void this.#read(info.landscapeId);
  }

  async #read(landscapeId: number): Promise<void> {
    try {
      this.info = await api.getLandscape({ landscapeId });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }
}
