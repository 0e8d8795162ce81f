// Where each dense layer's weights and biases sit in a network's flat parameter block
// (network.ts), read from its stack: what the landscape code moves, permutes and normalises.

import { layerOutSize, layerParameterCount } from '../layer.ts';
import type { LayerStack } from '../network.ts';

export interface DenseBlock {
  readonly inSize: number;
  readonly outSize: number;
  /** Offset of W (inSize × outSize, row-major: W[i][j] links input i to unit j). */
  readonly weights: number;
  /** Offset of b (outSize). */
  readonly biases: number;
}

export function denseBlocks({ inputs, layers }: LayerStack): DenseBlock[] {
  const blocks: DenseBlock[] = [];
  let offset = 0;
  let inSize = inputs;
  for (const spec of layers) {
    if (spec.kind === 'dense')
      blocks.push({
        inSize,
        outSize: spec.units,
        weights: offset,
        biases: offset + inSize * spec.units,
      });
    offset += layerParameterCount(spec, inSize);
    inSize = layerOutSize(spec, inSize);
  }
  return blocks;
}

/** The two stacks compute the same kind of function on the same sizes (dropout aside, which
 * evaluation does not apply). */
export function sameLayers(a: LayerStack, b: LayerStack): boolean {
  const plain = (s: LayerStack) =>
    JSON.stringify([s.inputs, s.layers.filter((l) => l.kind !== 'dropout')]);
  return plain(a) === plain(b);
}
