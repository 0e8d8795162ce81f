// One interface for every layer, so the network only chains them (network.ts) and everything
// that deals with parameters (initialisers, L2, gradient norms, optimisers, saving) goes through
// their parameter views, never through a layer's kind. A layer:
// - forward(x, batch, training) computes its output (B, OUT) from x (B, IN) into a buffer it
//   allocated at construction, and keeps what backward needs (its input, its output, a mask);
// - backward(dOut, batch) turns the gradient with respect to its output into the gradient with
//   respect to its input, adding its parameters' gradients into their views (it accumulates:
//   the training loop zeroes gradients). It may overwrite dOut, and returns null for the first
//   layer, whose input is the image and needs no gradient.
// A new kind of layer is one file (a class and its LayerKind) plus its spec in LayerSpec and
// KINDS below.

import type { ActivationName } from './activations.ts';
import { ActivationKind } from './activation-layer.ts';
import type { Backend } from './backend.ts';
import { DenseKind } from './dense.ts';
import { DropoutKind } from './dropout.ts';
import type { Rng } from './rng.ts';
import type { FloatArray } from './types.ts';

export type LayerSpec =
  | { readonly kind: 'dense'; readonly units: number }
  | { readonly kind: 'activation'; readonly fn: ActivationName }
  | { readonly kind: 'dropout'; readonly rate: number };

export type LayerKindName = LayerSpec['kind'];

/** A named view of one tensor of a layer's parameters and the same view of its gradient. */
export interface Parameter {
  readonly name: 'weights' | 'biases';
  /** Row-major shape, e.g. (IN, OUT) for dense weights. */
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
  /** Where value (and grad) start in the network's parameter (and gradient) block. */
  readonly offset: number;
  /** Inputs and outputs of the units these numbers feed, for the initialisers' scale. */
  readonly fanIn: number;
  readonly fanOut: number;
}

export interface Layer {
  readonly spec: LayerSpec;
  readonly inSize: number;
  readonly outSize: number;
  readonly parameters: readonly Parameter[];
  forward(x: FloatArray, batch: number, training: boolean): FloatArray;
  backward(dOut: FloatArray, batch: number): FloatArray | null;
}

/** What a layer is built from: its slice of the network's blocks, buffers for maxBatch rows. */
export interface LayerContext {
  readonly backend: Backend;
  readonly maxBatch: number;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  /** Where this layer's parameters start in params and grads. */
  readonly offset: number;
  /** False for the first layer: nobody needs the gradient of the image. */
  readonly inputGradient: boolean;
  /** Draws dropout masks. */
  readonly rng: Rng;
}

export interface LayerKind<S extends LayerSpec> {
  outSize(spec: S, inSize: number): number;
  parameterCount(spec: S, inSize: number): number;
  create(spec: S, inSize: number, context: LayerContext): Layer;
  /** Why `spec` is not a usable layer of this kind (read from a file, say), or null. */
  problem(spec: Record<string, unknown>): string | null;
}

type Kinds = { readonly [K in LayerKindName]: LayerKind<Extract<LayerSpec, { kind: K }>> };

const KINDS: Kinds = { dense: DenseKind, activation: ActivationKind, dropout: DropoutKind };

function kindOf<S extends LayerSpec>(spec: S): LayerKind<S> {
  return KINDS[spec.kind] as unknown as LayerKind<S>;
}

export const layerOutSize = (spec: LayerSpec, inSize: number): number =>
  kindOf(spec).outSize(spec, inSize);

export const layerParameterCount = (spec: LayerSpec, inSize: number): number =>
  kindOf(spec).parameterCount(spec, inSize);

export const createLayer = (spec: LayerSpec, inSize: number, context: LayerContext): Layer =>
  kindOf(spec).create(spec, inSize, context);

/** Why a value read from outside (a model file) is not a layer spec, or null if it is one. */
export function layerSpecProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return 'is not an object';
  const spec = value as Record<string, unknown>;
  if (typeof spec.kind !== 'string' || !Object.hasOwn(KINDS, spec.kind))
    return `has kind ${JSON.stringify(spec.kind)}, expected one of ${Object.keys(KINDS).join(', ')}`;
  return KINDS[spec.kind as LayerKindName].problem(spec);
}
