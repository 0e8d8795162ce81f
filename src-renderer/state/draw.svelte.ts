// The models the drawing pad asks for: fetched once per run and kept for the whole session, so
// coming back to Draw, or adding a column, never waits again; and which ones the learner chose,
// kept in localStorage so Draw shows them again after visiting another view or a reload.

import { untrack } from 'svelte';
import { api } from '../lib/api.ts';
import { ModelCache, type LoadedModel } from '../views/draw/model-cache.ts';
import { modelList } from '../views/draw/predictions.ts';

export type ModelState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly model: LoadedModel }
  | { readonly status: 'error'; readonly message: string };

class DrawModels {
  /** What is known of each requested run's model, by run id. */
  byId = $state.raw<ReadonlyMap<number, ModelState>>(new Map());
  readonly #cache = new ModelCache((id) => api.getModel({ id }));

  /** Starts loading the models of these runs not asked for before. Safe in an effect: it does
   * not make the effect depend on the models' state. */
  want(ids: readonly number[]): void {
    untrack(() => {
      for (const id of ids) if (!this.byId.has(id)) void this.#load(id);
    });
  }

  /** Tries again to load a model that failed. */
  retry(id: number): void {
    if (this.byId.get(id)?.status === 'error') void this.#load(id);
  }

  async #load(id: number): Promise<void> {
    this.#set(id, { status: 'loading' });
    try {
      this.#set(id, { status: 'ready', model: await this.#cache.get(id) });
    } catch (error) {
      this.#set(id, { status: 'error', message: (error as Error).message });
    }
  }

  #set(id: number, state: ModelState): void {
    this.byId = new Map(this.byId).set(id, state);
  }
}

export const drawModels = new DrawModels();

const CHOICE_KEY = 'backprop-lab:draw-models';

class DrawChoice {
  /** The run ids last shown side by side, in column order. */
  ids = $state.raw<readonly number[]>(modelList(localStorage.getItem(CHOICE_KEY)));

  remember(ids: readonly number[]): void {
    if (ids.join(',') === this.ids.join(',')) return;
    this.ids = [...ids];
    localStorage.setItem(CHOICE_KEY, ids.join(','));
  }
}

export const drawChoice = new DrawChoice();
