// The ONNX export read back field by field with a protobuf decoder written here, independent of
// the writer, against the field numbers of onnx.proto. (tests/main/onnx-runtime.test.ts runs the
// same bytes in ONNX Runtime.)
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LEAKY_SLOPE } from '../../src-core/activations.ts';
import { initialize } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { modelToOnnx } from '../../src-core/onnx.ts';
import { Rng } from '../../src-core/rng.ts';

// --- a tiny protobuf decoder

interface Field {
  readonly number: number;
  /** varint fields */
  readonly int?: number;
  /** length-delimited and fixed32 fields */
  readonly bytes?: Uint8Array;
}

function decode(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error('varint runs past the end');
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return value;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) fields.push({ number, int: varint() });
    else if (wire === 2) {
      const length = varint();
      if (pos + length > bytes.length) throw new Error('field runs past the end');
      fields.push({ number, bytes: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 5) {
      fields.push({ number, bytes: bytes.subarray(pos, pos + 4) });
      pos += 4;
    } else throw new Error(`unexpected wire type ${wire} (field ${number})`);
  }
  return fields;
}

const all = (msg: Field[], n: number) => msg.filter((f) => f.number === n);
const ints = (msg: Field[], n: number) => all(msg, n).map((f) => f.int);
const int = (msg: Field[], n: number) => only(ints(msg, n));
const strings = (msg: Field[], n: number) =>
  all(msg, n).map((f) => new TextDecoder().decode(f.bytes));
const string = (msg: Field[], n: number) => only(strings(msg, n));
const messages = (msg: Field[], n: number) => all(msg, n).map((f) => decode(f.bytes!));
const message = (msg: Field[], n: number) => only(messages(msg, n));
const float = (msg: Field[], n: number) => {
  const b = only(all(msg, n)).bytes!;
  return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
};
function only<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

/** Little-endian float32 bytes as numbers (copied: raw_data need not be 4-byte aligned). */
function float32s(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.slice().buffer);
}

// --- onnx.proto field numbers

const MODEL = { irVersion: 1, producerName: 2, docString: 6, graph: 7, opsetImport: 8, meta: 14 };
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, type: 20 };
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const FLOAT = 1;

/** name, elem_type and shape (dim_value as a number, dim_param as a string) of a ValueInfoProto. */
function valueInfo(v: Field[]) {
  const tensorType = message(message(v, 2), 1);
  return {
    name: string(v, 1),
    elemType: int(tensorType, 1),
    shape: messages(message(tensorType, 2), 1).map((d) =>
      all(d, 1).length > 0 ? int(d, 1) : string(d, 2),
    ),
  };
}

function network(sizes: number[], activations: (typeof ACTIVATIONS)[number][]): Network {
  const net = new Network({ sizes, activations }, 1);
  initialize(net.layers, 'article', new Rng(7));
  return net;
}

describe('modelToOnnx', () => {
  const net = network([6, 5, 4, 3], ['relu', 'leaky-relu']);
  const model = decode(modelToOnnx(net, { run: 12, name: 'first try', testAccuracy: 0.9 }));
  const graph = message(model, MODEL.graph);
  const nodes = messages(graph, GRAPH.node);

  it('is a ModelProto of IR version 8 importing the default opset 17, made by Backprop Lab', () => {
    expect(int(model, MODEL.irVersion)).toBe(8);
    expect(string(model, MODEL.producerName)).toBe('Backprop Lab');
    const opset = message(model, MODEL.opsetImport);
    expect(strings(opset, 1)).toEqual(['']);
    expect(int(opset, 2)).toBe(17);
    expect(string(model, MODEL.docString)).toContain('6-5-4-3 (relu, leaky-relu)');
  });

  it('keeps the metadata as key/value strings, JSON for non-strings', () => {
    const meta = messages(model, MODEL.meta).map((e) => [string(e, 1), string(e, 2)]);
    expect(meta).toEqual([
      ['run', '12'],
      ['name', 'first try'],
      ['testAccuracy', '0.9'],
    ]);
  });

  it('chains Gemm and the activations, then Softmax', () => {
    expect(nodes.map((n) => string(n, NODE.opType))).toEqual([
      'Gemm',
      'Relu',
      'Gemm',
      'LeakyRelu',
      'Gemm',
      'Softmax',
    ]);
    expect(nodes.map((n) => strings(n, NODE.input))).toEqual([
      ['input', 'W0', 'B0'],
      ['z0'],
      ['a0', 'W1', 'B1'],
      ['z1'],
      ['a1', 'W2', 'B2'],
      ['logits'],
    ]);
    expect(nodes.map((n) => strings(n, NODE.output))).toEqual([
      ['z0'],
      ['a0'],
      ['z1'],
      ['a1'],
      ['logits'],
      ['probabilities'],
    ]);
    const names = nodes.map((n) => string(n, NODE.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives LeakyRelu its slope and Softmax axis 1, with their attribute types', () => {
    const alpha = message(nodes[3], NODE.attribute);
    expect(string(alpha, ATTRIBUTE.name)).toBe('alpha');
    expect(int(alpha, ATTRIBUTE.type)).toBe(1); // FLOAT
    expect(float(alpha, ATTRIBUTE.f)).toBe(Math.fround(LEAKY_SLOPE));
    const axis = message(nodes[5], NODE.attribute);
    expect(string(axis, ATTRIBUTE.name)).toBe('axis');
    expect(int(axis, ATTRIBUTE.type)).toBe(2); // INT
    expect(int(axis, ATTRIBUTE.i)).toBe(1);
    for (const n of [0, 1, 2, 4]) expect(all(nodes[n], NODE.attribute)).toHaveLength(0);
  });

  it('stores each layer as W (in, out) and B (out), float32 raw data equal to the weights', () => {
    const tensors = messages(graph, GRAPH.initializer);
    expect(tensors.map((t) => string(t, TENSOR.name))).toEqual([
      'W0',
      'B0',
      'W1',
      'B1',
      'W2',
      'B2',
    ]);
    net.layers.forEach((layer, l) => {
      const [w, b] = [tensors[2 * l], tensors[2 * l + 1]];
      expect(ints(w, TENSOR.dims)).toEqual([layer.inSize, layer.outSize]);
      expect(ints(b, TENSOR.dims)).toEqual([layer.outSize]);
      expect(int(w, TENSOR.dataType)).toBe(FLOAT);
      expect(int(b, TENSOR.dataType)).toBe(FLOAT);
      expect(float32s(only(all(w, TENSOR.rawData)).bytes!)).toEqual(layer.w);
      expect(float32s(only(all(b, TENSOR.rawData)).bytes!)).toEqual(layer.b);
    });
  });

  it('declares input (batch, 6) and probabilities (batch, 3) as float tensors', () => {
    expect(string(graph, GRAPH.name)).toBe('backprop-lab-mlp');
    expect(messages(graph, GRAPH.input).map(valueInfo)).toEqual([
      { name: 'input', elemType: FLOAT, shape: ['batch', 6] },
    ]);
    expect(messages(graph, GRAPH.output).map(valueInfo)).toEqual([
      { name: 'probabilities', elemType: FLOAT, shape: ['batch', 3] },
    ]);
  });

  it('maps every activation to its ONNX operator', () => {
    const ops = {
      relu: 'Relu',
      sigmoid: 'Sigmoid',
      tanh: 'Tanh',
      'leaky-relu': 'LeakyRelu',
      identity: 'Identity',
    };
    for (const act of ACTIVATIONS) {
      const g = message(decode(modelToOnnx(network([4, 3, 2], [act]))), MODEL.graph);
      expect(messages(g, GRAPH.node).map((n) => string(n, NODE.opType))).toEqual([
        'Gemm',
        ops[act],
        'Gemm',
        'Softmax',
      ]);
    }
  });

  it('exports a network without hidden layers as Gemm → Softmax', () => {
    const g = message(decode(modelToOnnx(network([4, 2], []))), MODEL.graph);
    expect(messages(g, GRAPH.node).map((n) => strings(n, NODE.input))).toEqual([
      ['input', 'W0', 'B0'],
      ['logits'],
    ]);
  });

  it('rounds float64 weights to float32', () => {
    const net64 = new Network({ sizes: [3, 2], activations: [] }, 1, 'float64');
    net64.params.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    const g = message(decode(modelToOnnx(net64)), MODEL.graph);
    const w = messages(g, GRAPH.initializer)[0];
    expect(float32s(only(all(w, TENSOR.rawData)).bytes!)).toEqual(
      Float32Array.from(net64.layers[0].w),
    );
  });
});
