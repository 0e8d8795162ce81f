// The loss landscape's requests, answers and events (src-core/landscape has the math):
// - '1d': loss and accuracy along w(α) = w0 + α(w1 − w0) from the run's initial weights (α = 0)
//   to its final ones (α = 1), α from −0.25 to 1.25 (Goodfellow et al. 2015);
// - 'between': along the line from run `id`'s final weights (α = 0) to run `other`'s (α = 1),
//   and with `align`, again after permuting `other`'s hidden units to match (weight matching,
//   Ainsworth et al. 2023), with the barrier of each: the highest loss on the path minus the
//   mean of its ends;
// - '2d': a grid × grid map around the final weights along two directions, and the training
//   path (the initial weights and the saved epoch checkpoints) projected onto that plane. The
//   plane is two random directions normalised per unit (Li et al. 2018, biases not moved) or,
//   with plane 'pca', the top two principal directions of the path itself (Li et al. §7).
// Every point is evaluated on the first `images` images of run `id`'s training part (its own
// split). computeLandscape answers at once: with the result when the same request was computed
// before (kept in the database), else with the id of a computation under way in a worker,
// which sends landscapeProgress events and one landscapeEnded; getLandscape reads it then.
// The API (contract/api.ts): computeLandscape(ComputeLandscapeRequest) → LandscapeInfo,
// getLandscape({ landscapeId }) → LandscapeInfo, cancelLandscape({ landscapeId }) → { ok: true }.

import { z } from 'zod';
import type { Landscape1D, Landscape2D, LandscapeBetween } from '../../src-core/landscape/types.ts';

export type {
  Landscape1D,
  Landscape2D,
  LandscapeBetween,
  LinePath,
  PathPoint,
  PointValue,
} from '../../src-core/landscape/types.ts';

/** What a request may ask for (the worker's time and memory grow with grid² × images). */
export const LANDSCAPE_LIMITS = {
  grid: { min: 5, max: 61, default: 25 },
  images: { min: 100, max: 10_000, default: 2_000 },
} as const;

export const LANDSCAPE_KINDS = ['1d', 'between', '2d'] as const;
export type LandscapeKind = (typeof LANDSCAPE_KINDS)[number];

const id = z.number().int().positive();
const { grid, images } = LANDSCAPE_LIMITS;

export const computeLandscapeSchema = z.strictObject({
  id,
  kind: z.enum(LANDSCAPE_KINDS),
  /** 'between' only: the other run, of the same architecture. */
  other: id.optional(),
  /** 'between' only: also align the other run's hidden units first (default true). */
  align: z.boolean().optional(),
  /** '2d' only: points per side. */
  grid: z.number().int().min(grid.min).max(grid.max).optional(),
  /** '2d' only: which plane (default 'random'). */
  plane: z.enum(['random', 'pca']).optional(),
  /** Evaluation images, from the start of the run's training part. */
  images: z.number().int().min(images.min).max(images.max).optional(),
});
export const landscapeByIdSchema = z.strictObject({ landscapeId: id });

export type ComputeLandscapeRequest = z.input<typeof computeLandscapeSchema>;

/** A request with its defaults filled in: what a cached result is keyed by. */
export interface LandscapeParams {
  readonly kind: LandscapeKind;
  readonly other: number | null;
  readonly align: boolean;
  readonly grid: number;
  readonly plane: 'random' | 'pca';
  readonly images: number;
}

export type LandscapeResult = (Landscape1D | LandscapeBetween | Landscape2D) & {
  /** Which images every point was evaluated on, in words. */
  readonly subset: string;
  readonly images: number;
  /** How long the worker took. */
  readonly seconds: number;
};

export type LandscapeState =
  | { readonly status: 'computing'; readonly done: number; readonly total: number }
  | { readonly status: 'done'; readonly result: LandscapeResult }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'cancelled' };

export interface LandscapeInfo {
  readonly landscapeId: number;
  readonly runId: number;
  readonly params: LandscapeParams;
  readonly createdAt: number;
  readonly state: LandscapeState;
}

/** Pushed to every window while a landscape is computed; landscapeEnded comes once. */
export type LandscapeEvent =
  | {
      readonly type: 'landscapeProgress';
      readonly landscapeId: number;
      readonly runId: number;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'landscapeEnded';
      readonly landscapeId: number;
      readonly runId: number;
      readonly status: 'done' | 'failed' | 'cancelled';
      readonly error: string | null;
    };
