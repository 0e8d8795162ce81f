// A Backend that keeps count of the time spent in its matrix products, to tell how much of a
// training step is the products and how much everything else (bias, activations, the loss, the
// optimiser, gathering the batch, the trainer's own loop). Every member is the wrapped backend's
// own, called on it (so WASM memory and private state are untouched); only the products, the
// methods named gemm… (gemmNN, gemmTN, gemmNT, and any a faster backend adds), are timed. A
// product that also does elementwise work (a fused bias or activation) counts as a product.

import type { Backend } from '../../src-core/backend.ts';

export interface ProductTimer {
  /** Use this in place of the wrapped backend. */
  readonly backend: Backend;
  /** Milliseconds spent in products since the last reset. */
  readonly productMs: () => number;
  readonly reset: () => void;
}

export function timeProducts(inner: Backend): ProductTimer {
  let ms = 0;
  const members = new Map<PropertyKey, unknown>();
  const member = (key: PropertyKey): unknown => {
    const value: unknown = Reflect.get(inner, key, inner);
    if (typeof value !== 'function') return value;
    const bound = (value as (...args: unknown[]) => unknown).bind(inner);
    if (typeof key !== 'string' || !key.startsWith('gemm')) return bound;
    return (...args: unknown[]): unknown => {
      const started = performance.now();
      try {
        return bound(...args);
      } finally {
        ms += performance.now() - started;
      }
    };
  };
  const backend = new Proxy(inner, {
    get(_, key) {
      if (!members.has(key)) members.set(key, member(key));
      const value = members.get(key);
      // Plain values (a getter such as a thread count) are read afresh each time.
      return typeof value === 'function' ? value : Reflect.get(inner, key, inner);
    },
  });
  return {
    backend,
    productMs: () => ms,
    reset: () => {
      ms = 0;
    },
  };
}
