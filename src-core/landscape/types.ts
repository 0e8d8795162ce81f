// What the landscape computations give back (compute.ts); the app's API sends them as they are
// (src-main/contract/landscape.ts).

/** Mean loss and accuracy of one set of weights on the evaluation images. */
export interface PointValue {
  readonly loss: number;
  readonly accuracy: number;
}

export interface LinePath {
  readonly loss: number[];
  readonly accuracy: number[];
  /** max loss for α in [0, 1] − (loss at α = 0 + loss at α = 1) / 2 */
  readonly barrier: number;
}

export interface Landscape1D {
  readonly kind: '1d';
  /** −0.25 … 1.25; α = 0 is the initial weights, α = 1 the final ones. */
  readonly alphas: number[];
  readonly path: LinePath;
  /** The ends computed directly (not through the line): path values at α = 0 and 1 equal them. */
  readonly initial: PointValue;
  readonly final: PointValue;
}

export interface LandscapeBetween {
  readonly kind: 'between';
  readonly other: number;
  /** 0 … 1; α = 0 is run `id`'s final weights, α = 1 run `other`'s. */
  readonly alphas: number[];
  readonly unaligned: LinePath;
  /** Null when alignment was not asked for. */
  readonly aligned: LinePath | null;
  /** Hidden units whose place alignment changed, per hidden layer (null when not aligned). */
  readonly moved: number[] | null;
}

export interface PathPoint {
  /** 0 for the initial weights, else the epoch of the checkpoint. */
  readonly epoch: number;
  readonly a: number;
  readonly b: number;
}

export interface Landscape2D {
  readonly kind: '2d';
  readonly plane: 'random' | 'pca';
  /** The coordinates along the first and second direction (grid values each); the final
   * weights sit at (0, 0). Random directions: in units of each unit's own weight norm, −1 … 1. */
  readonly a: number[];
  readonly b: number[];
  /** loss[j][i] and accuracy[j][i] at (a[i], b[j]). */
  readonly loss: number[][];
  readonly accuracy: number[][];
  readonly center: PointValue;
  /** The training path on the plane, oldest first (empty for runs saved without one). */
  readonly path: PathPoint[];
  /** 'pca': the share of the path's variance each direction holds; null for random ones. */
  readonly explained: [number, number] | null;
}
