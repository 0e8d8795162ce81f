import { describe, expect, it } from 'vitest';
import { Rng } from '../../src-core/rng.ts';

const N = 100_000;
const take = (rng: Rng, n: number, draw: (r: Rng) => number = (r) => r.nextUint32()) =>
  Array.from({ length: n }, () => draw(rng));

function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('Rng streams', () => {
  it('matches an independent implementation of splitmix32 seeding + sfc32', () => {
    // Computed in Python from the sfc32 definition (PractRand: tmp = a + b + counter++; …),
    // the state seeded by four splitmix32 outputs and 12 outputs discarded.
    expect(take(new Rng(0), 5)).toEqual([
      4205396811, 3543653536, 1222415357, 3047368389, 387095348,
    ]);
    expect(take(new Rng(1), 5)).toEqual([
      1828152527, 3394835397, 2967886022, 2251045104, 4148684523,
    ]);
    expect(take(new Rng(12345), 5)).toEqual([
      2345461488, 1344865159, 2974739204, 3448212715, 1746298622,
    ]);
    expect(take(new Rng(0xffffffff), 5)).toEqual([
      1413747962, 91561161, 3282502067, 2190738929, 3748440605,
    ]);
  });

  it('the same seed gives the same stream', () => {
    expect(take(new Rng(42), 1000)).toEqual(take(new Rng(42), 1000));
    expect(take(new Rng(42), 1000, (r) => r.normal())).toEqual(
      take(new Rng(42), 1000, (r) => r.normal()),
    );
  });

  it('nearby seeds give unrelated streams', () => {
    const a = take(new Rng(1), 1000);
    const b = take(new Rng(2), 1000);
    const same = a.filter((v, i) => v === b[i]).length;
    expect(same).toBe(0);
  });

  it('draws whole numbers in [0, 2³²)', () => {
    for (const v of take(new Rng(3), 1000)) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(2 ** 32);
    }
  });
});

describe('Rng.uniform', () => {
  const values = take(new Rng(7), N, (r) => r.uniform());

  it('stays in [0, 1)', () => {
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('has mean ≈ 0.5 and variance ≈ 1/12 over 100k draws', () => {
    const { mean, std } = meanAndStd(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005); // standard error ≈ 0.0009
    expect(Math.abs(std * std - 1 / 12)).toBeLessThan(0.002);
  });

  it('fills ten equal bins evenly', () => {
    const bins = new Array(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)]++;
    for (const count of bins) expect(Math.abs(count - N / 10)).toBeLessThan(500); // σ ≈ 95
  });
});

describe('Rng.normal', () => {
  const values = take(new Rng(11), N, (r) => r.normal());

  it('has mean ≈ 0 and standard deviation ≈ 1 over 100k draws', () => {
    const { mean, std } = meanAndStd(values);
    expect(Math.abs(mean)).toBeLessThan(0.015); // standard error ≈ 0.003
    expect(Math.abs(std - 1)).toBeLessThan(0.015);
  });

  it('puts ≈ 68.3% of draws within one standard deviation', () => {
    const within = values.filter((v) => Math.abs(v) < 1).length / N;
    expect(within).toBeCloseTo(0.6827, 2);
  });

  it('is finite', () => {
    expect(values.every(Number.isFinite)).toBe(true);
  });
});

describe('Rng.int', () => {
  it('draws every value of [0, n) about equally often', () => {
    const rng = new Rng(13);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('int(1) is always 0', () => {
    expect(new Set(take(new Rng(2), 100, (r) => r.int(1)))).toEqual(new Set([0]));
  });
});

describe('Rng.shuffle', () => {
  const identity = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

  it('gives a permutation', () => {
    const a = identity(1000);
    new Rng(5).shuffle(a);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from(identity(1000)));
  });

  it('actually reorders', () => {
    const a = identity(1000);
    new Rng(5).shuffle(a);
    const fixed = a.filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(10); // about 1 fixed point expected
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const [a, b, c] = [identity(50), identity(50), identity(50)];
    new Rng(9).shuffle(a);
    new Rng(9).shuffle(b);
    new Rng(10).shuffle(c);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('puts each element in each position about equally often', () => {
    const rng = new Rng(17);
    const counts = new Array(4).fill(0); // where element 0 ends up
    for (let t = 0; t < 40_000; t++) {
      const a = identity(4);
      rng.shuffle(a);
      counts[a.indexOf(0)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('handles arrays of length 0 and 1', () => {
    const empty = new Uint32Array(0);
    const one = new Uint32Array([7]);
    new Rng(1).shuffle(empty);
    new Rng(1).shuffle(one);
    expect(Array.from(one)).toEqual([7]);
  });
});

describe('fillMask', () => {
  it('draws exactly what as many calls of uniform would, and leaves the state where they do', () => {
    for (const p of [0, 0.2, 0.5, 0.9]) {
      const [fast, slow] = [new Rng(7), new Rng(7)];
      const mask = new Float32Array(1001).fill(-1);
      fast.fillMask(mask, 1000, p, 1.25);
      const expected = Array.from({ length: 1000 }, () => (slow.uniform() < p ? 0 : 1.25));
      expect(Array.from(mask.subarray(0, 1000))).toEqual(expected);
      expect(mask[1000]).toBe(-1);
      expect(fast.nextUint32()).toBe(slow.nextUint32());
    }
  });
});
