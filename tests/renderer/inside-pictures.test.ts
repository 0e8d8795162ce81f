// The pictures of "Inside the network": first-layer weights as images on a diverging colour
// scale, and one image's activations layer by layer from the core's forward pass.
import { describe, expect, it } from 'vitest';
import { Network } from '../../src-core/network.ts';
import {
  activeUnits,
  forwardLayers,
  inputFromBase64,
} from '../../src-renderer/components/activations.ts';
import { networkFromSaved } from '../../src-renderer/lib/network.ts';
import {
  divergingColour,
  divergingCss,
  imageSide,
  symmetricScale,
  unitPage,
  unitWeights,
  weightPixels,
} from '../../src-renderer/components/weight-images.ts';

describe('weight images', () => {
  // A 3-input, 2-unit layer: W (3 × 2) row-major, then b.
  const params = [
    ...[0.1, -0.4], // input 0 → units 0, 1
    ...[0.2, 0.5], // input 1
    ...[0.3, -0.6], // input 2
    ...[9, 9], // biases: not part of any image
  ];

  it('takes unit j’s incoming weights from column j of W', () => {
    expect(Array.from(unitWeights(params, 3, 2, 0))).toEqual([0.1, 0.2, 0.3].map(Math.fround));
    expect(Array.from(unitWeights(params, 3, 2, 1))).toEqual([-0.4, 0.5, -0.6].map(Math.fround));
    expect(() => unitWeights(params, 3, 2, 2)).toThrow(/unit 2/);
  });

  it('reads a layer further along the params at its offset', () => {
    expect(Array.from(unitWeights([7, 7, 1, 2, 3, 4], 2, 2, 1, 2))).toEqual([2, 4]);
  });

  it('colours negative blue, zero white, positive red, symmetric around 0', () => {
    expect(divergingColour(0, 1)).toEqual([247, 247, 247]);
    expect(divergingColour(1, 1)).toEqual([178, 24, 43]);
    expect(divergingColour(-1, 1)).toEqual([33, 102, 172]);
    expect(divergingColour(-0.5, 1)).toEqual([140, 175, 210]);
    // Beyond the scale: the end colour; a scale of 0 (all weights 0): white.
    expect(divergingColour(5, 1)).toEqual(divergingColour(1, 1));
    expect(divergingColour(3, 0)).toEqual([247, 247, 247]);
    expect(divergingCss(0.5, 0.5)).toBe('rgb(178 24 43)');
  });

  it('scales each image to its own largest |weight| or the first count values', () => {
    expect(symmetricScale([0.1, -0.7, 0.3])).toBeCloseTo(0.7);
    expect(symmetricScale(params, 6)).toBeCloseTo(0.6); // the biases (9) left out
    expect(symmetricScale([])).toBe(0);
  });

  it('writes opaque RGBA pixels for an ImageData', () => {
    const rgba = weightPixels([-1, 0, 1], 1);
    expect(Array.from(rgba)).toEqual([33, 102, 172, 255, 247, 247, 247, 255, 178, 24, 43, 255]);
  });

  it('finds the side of a square input and refuses others', () => {
    expect(imageSide(784)).toBe(28);
    expect(imageSide(100)).toBe(10);
    expect(imageSide(12)).toBeNull();
  });

  it('pages units 64 at a time', () => {
    expect(unitPage(0, 64, 128)).toEqual({
      start: 0,
      end: 64,
      pages: 2,
      text: 'units 1–64 of 128',
    });
    expect(unitPage(1, 64, 100)).toMatchObject({
      start: 64,
      end: 100,
      text: 'units 65–100 of 100',
    });
    expect(unitPage(5, 64, 32)).toMatchObject({ start: 0, end: 32, pages: 1 });
  });
});

describe('activations for one input', () => {
  // 2 inputs → 2 ReLU units → 2 tanh units → 3 classes, weights set by hand.
  function tiny(): Network {
    const net = new Network({ sizes: [2, 2, 2, 3], activations: ['relu', 'tanh'] }, 1);
    net.params.set([
      // layer 1: W (2 × 2), b
      1, -1, 2, 1, 0, 0.5,
      // layer 2: W (2 × 2), b
      1, 0, 0, -1, 0, 0,
      // layer 3: W (2 × 3), b
      1, 0, 0, 0, 1, 0, 0, 0, 0,
    ]);
    return net;
  }

  it('copies every hidden layer’s activations out of the forward pass', () => {
    const { hidden, probabilities } = forwardLayers(tiny(), Float32Array.from([1, 0.5]));
    // z1 = [1·1 + 0.5·2, 1·(−1) + 0.5·1 + 0.5] = [2, 0]; ReLU keeps both.
    expect(Array.from(hidden[0])).toEqual([2, 0]);
    // z2 = [2, −0] → tanh
    expect(hidden[1][0]).toBeCloseTo(Math.tanh(2), 6);
    expect(hidden[1][1]).toBeCloseTo(0, 6);
    // logits [tanh 2, 0, 0] → softmax
    const e = Math.exp(Math.tanh(2));
    expect(probabilities[0]).toBeCloseTo(e / (e + 2), 6);
    expect(probabilities[1]).toBeCloseTo(1 / (e + 2), 6);
    // Copies: a later forward pass does not change them.
    const net = tiny();
    const first = forwardLayers(net, Float32Array.from([1, 0.5]));
    forwardLayers(net, Float32Array.from([0, 0]));
    expect(Array.from(first.hidden[0])).toEqual([2, 0]);
  });

  it('refuses an input of the wrong size', () => {
    expect(() => forwardLayers(tiny(), new Float32Array(3))).toThrow(/reads 2 inputs, got 3/);
  });

  it('counts the active units', () => {
    expect(activeUnits([0, 0.5, 1e-9, -0.2, 3])).toBe(2);
  });

  it('scales test image bytes to 0–1 as training did', () => {
    const input = inputFromBase64(Buffer.from([0, 51, 255]).toString('base64'));
    expect(Array.from(input)).toEqual([0, 0.2, 1].map(Math.fround));
  });

  it('builds a network from saved weights, checking they fit', () => {
    const saved = { sizes: [2, 2, 3], activations: ['sigmoid'], weights: new Array(15).fill(0.1) };
    expect(networkFromSaved(saved).params[14]).toBeCloseTo(0.1);
    expect(() => networkFromSaved({ ...saved, weights: [1] })).toThrow(/has 1 weights.*need 15/);
    expect(() => networkFromSaved({ ...saved, activations: ['swish'] })).toThrow(/"swish"/);
  });
});
