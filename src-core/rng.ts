// A small seeded random number generator, so the same config and seed give bit-identical
// weights, shuffles and metrics. Math.random cannot be seeded, so it is never used in the core.

/** Everything a generator will draw from: its 128-bit state and a normal kept for later. */
export interface RngState {
  readonly words: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

/** sfc32 (Small Fast Chaotic, 128-bit state): fast, passes PractRand, trivially seedable. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | null = null;

  constructor(seed: number) {
    // Spread one 32-bit seed over the 128-bit state with splitmix32, then discard a few outputs
    // so nearby seeds (1, 2, 3…) give unrelated streams.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A copy of the state: a generator given it by `restore` draws what this one would next. */
  state(): RngState {
    return { words: [this.#a, this.#b, this.#c, this.#d], spareNormal: this.#spareNormal };
  }

  restore(state: RngState): void {
    [this.#a, this.#b, this.#c, this.#d] = state.words;
    this.#spareNormal = state.spareNormal;
  }

  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** out[i] = uniform() < p ? 0 : value for i < n, drawing exactly what n calls of uniform would
   * (t / 2³² < p is t < p·2³², exactly): a dropout mask per batch. nextUint32's step, repeated
   * on locals, as a method call and four field updates per value cost more than the step. */
  fillMask(out: Float32Array | Float64Array, n: number, p: number, value: number): void {
    const cut = p * 4294967296;
    // As int32 from the start (the seeding leaves uint32 doubles), so the loop stays on integers.
    let a = this.#a | 0;
    let b = this.#b | 0;
    let c = this.#c | 0;
    let d = this.#d | 0;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = t >>> 0 < cut ? 0 : value;
    }
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal N(0, 1) by the Box–Muller transform (two at a time, one kept). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(a: Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
