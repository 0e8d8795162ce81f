import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation, LEAKY_SLOPE } from '../../src-core/activations.ts';

// Inputs shared by the tables below; the expected values were computed by hand (and checked
// with Python's math module), not by the code under test.
const Z = [-2, -0.5, 0, 1, 3];
const DA = [1, 2, 3, 4, 5];

function forward(name: (typeof ACTIVATIONS)[number], z: number[]): number[] {
  const a = new Float64Array(z.length);
  activation(name).forward(Float64Array.from(z), a, z.length);
  return Array.from(a);
}

function backward(name: (typeof ACTIVATIONS)[number], z: number[], dA: number[]): number[] {
  const zs = Float64Array.from(z);
  const a = new Float64Array(z.length);
  const dZ = new Float64Array(z.length);
  const act = activation(name);
  act.forward(zs, a, z.length);
  act.backward(Float64Array.from(dA), zs, a, dZ, z.length);
  return Array.from(dZ);
}

function expectClose(actual: number[], expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `element ${i}`).toBeCloseTo(e, digits));
}

describe('activation()', () => {
  it('returns the activation of each name', () => {
    for (const name of ACTIVATIONS) expect(activation(name).name).toBe(name);
  });
});

describe('relu', () => {
  it('forward keeps positives and zeroes negatives and zero', () => {
    expect(forward('relu', Z)).toEqual([0, 0, 0, 1, 3]);
  });

  it('backward passes dA where z > 0 and 0 elsewhere (0 at the kink)', () => {
    expect(backward('relu', Z, DA)).toEqual([0, 0, 0, 4, 5]);
  });
});

describe('leaky-relu', () => {
  it('uses a slope of 0.01 for negative inputs', () => {
    expect(LEAKY_SLOPE).toBe(0.01);
  });

  it('forward: z for z > 0, 0.01·z otherwise', () => {
    expectClose(forward('leaky-relu', Z), [-0.02, -0.005, 0, 1, 3]);
  });

  it('backward: dA for z > 0, 0.01·dA otherwise (including z = 0)', () => {
    expectClose(backward('leaky-relu', Z, DA), [0.01, 0.02, 0.03, 4, 5]);
  });
});

describe('sigmoid', () => {
  it('forward: σ(0) = 0.5, σ(±2), σ(1) and σ(3) by hand', () => {
    expectClose(forward('sigmoid', Z), [
      0.11920292202211755, // 1 / (1 + e²)
      0.3775406687981454, // 1 / (1 + e^0.5)
      0.5,
      0.7310585786300049, // 1 / (1 + e⁻¹)
      0.9525741268224334, // 1 / (1 + e⁻³)
    ]);
  });

  it("backward: dA·σ(z)(1 − σ(z)), σ'(0) = 0.25", () => {
    expectClose(backward('sigmoid', Z, DA), [
      1 * 0.1049935854035065,
      2 * 0.2350037122015945,
      3 * 0.25,
      4 * 0.19661193324148185,
      5 * 0.045176659730912144,
    ]);
  });

  it('saturates without NaN for huge inputs', () => {
    expect(forward('sigmoid', [-1000, 1000])).toEqual([0, 1]);
    expect(backward('sigmoid', [-1000, 1000], [1, 1])).toEqual([0, 0]);
  });
});

describe('tanh', () => {
  it('forward: tanh(0) = 0 and hand-computed values, odd in z', () => {
    expectClose(
      forward('tanh', Z),
      [-0.9640275800758169, -0.46211715726000974, 0, 0.7615941559557649, 0.9950547536867305],
    );
    expectClose(forward('tanh', [2, 0.5]), [0.9640275800758169, 0.46211715726000974]);
  });

  it("backward: dA·(1 − tanh²(z)), tanh'(0) = 1", () => {
    expectClose(backward('tanh', Z, DA), [
      1 * 0.07065082485316443,
      2 * 0.7864477329659274,
      3 * 1,
      4 * 0.41997434161402614,
      5 * 0.009866037165440211,
    ]);
  });

  it('saturates to ±1 with zero derivative for huge inputs', () => {
    expect(forward('tanh', [-1000, 1000])).toEqual([-1, 1]);
    expect(backward('tanh', [-1000, 1000], [1, 1])).toEqual([0, 0]);
  });
});

describe('identity', () => {
  it('forward copies z, backward copies dA (the derivative is 1 everywhere)', () => {
    expect(forward('identity', Z)).toEqual(Z);
    expect(backward('identity', Z, DA)).toEqual(DA);
  });

  it('works with a and z the same array, as a layer computing in place would', () => {
    const z = Float32Array.from(Z);
    activation('identity').forward(z, z, Z.length);
    expect(Array.from(z)).toEqual(Z);
  });
});

describe.each(ACTIVATIONS)('%s', (name) => {
  it('backward works in place (dZ and dA the same array)', () => {
    const z = Float64Array.from(Z);
    const a = new Float64Array(Z.length);
    const act = activation(name);
    act.forward(z, a, Z.length);
    const d = Float64Array.from(DA);
    act.backward(d, z, a, d, Z.length);
    expectClose(Array.from(d), backward(name, Z, DA), 15);
  });

  it('touches only the first n values', () => {
    const z = new Float32Array([1, -1, 7, 7]);
    const a = new Float32Array([9, 9, 9, 9]);
    const act = activation(name);
    act.forward(z, a, 2);
    expect(Array.from(a.subarray(2))).toEqual([9, 9]);
    const dZ = new Float32Array([9, 9, 9, 9]);
    act.backward(new Float32Array([1, 1, 1, 1]), z, a, dZ, 2);
    expect(Array.from(dZ.subarray(2))).toEqual([9, 9]);
  });

  it('backward matches a central difference of forward at non-kink points', () => {
    const h = 1e-6;
    for (const z of [-1.7, -0.3, 0.4, 2.2]) {
      const [plus, minus] = [forward(name, [z + h])[0], forward(name, [z - h])[0]];
      expect(backward(name, [z], [1])[0]).toBeCloseTo((plus - minus) / (2 * h), 8);
    }
  });
});
