// A trained network as an ONNX model, so other tools (ONNX Runtime, Netron, most frameworks) can
// run or show it. ONNX is a protobuf message (onnx.proto); protobuf.ts writes the bytes.
//
// The graph, for sizes [784, 32, 16, 10] and activations [relu, tanh]:
//   input (N, 784) → Gemm(W0, B0) → Relu → Gemm(W1, B1) → Tanh → Gemm(W2, B2) → logits
//                  → Softmax(axis 1) → probabilities (N, 10)
// Gemm computes x·W + b, with W stored (IN, OUT) row-major exactly as the core keeps it, so the
// weights are copied as they are. The input is pixels already divided by 255, as in
// predictProbabilities; N, the batch size, is left free ("batch").

import { LEAKY_SLOPE, type ActivationName } from './activations.ts';
import type { Network } from './network.ts';
import { ProtoWriter } from './protobuf.ts';

/** IR version 8 (ONNX 1.10–1.12) with opset 17: read by every current runtime, and every
 * operator used here has had its present meaning since opset 13. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'probabilities';
export const ONNX_PRODUCER = 'Backprop Lab';

// Field numbers from onnx.proto, for the fields written here.
const MODEL = {
  irVersion: 1,
  producerName: 2,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
};
const OPSET_ID = { domain: 1, version: 2 };
const STRING_ENTRY = { key: 1, value: 2 };
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2 };
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const FLOAT = 1; // TensorProto.DataType.FLOAT
const VALUE_INFO = { name: 1, type: 2, docString: 3 };
const TYPE = { tensorType: 1 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIMENSION = { dimValue: 1, dimParam: 2 };

type Attribute = { name: string; float: number } | { name: string; int: number };

const ACTIVATION_NODES: Record<ActivationName, { op: string; attributes: Attribute[] }> = {
  relu: { op: 'Relu', attributes: [] },
  sigmoid: { op: 'Sigmoid', attributes: [] },
  tanh: { op: 'Tanh', attributes: [] },
  'leaky-relu': { op: 'LeakyRelu', attributes: [{ name: 'alpha', float: LEAKY_SLOPE }] },
  identity: { op: 'Identity', attributes: [] },
};

/** The network as the bytes of an ONNX file. `meta` goes into the model's metadata_props,
 * strings as they are and anything else as JSON. Float64 weights are rounded to float32. */
export function modelToOnnx(network: Network, meta: Record<string, unknown> = {}): Uint8Array {
  const { sizes, activations } = network.architecture;
  const model = new ProtoWriter()
    .varint(MODEL.irVersion, ONNX_IR_VERSION)
    .string(MODEL.producerName, ONNX_PRODUCER)
    .string(
      MODEL.docString,
      `Multi-layer perceptron ${sizes.join('-')}` +
        (activations.length > 0 ? ` (${activations.join(', ')})` : '') +
        ` trained with Backprop Lab. Input: ${network.inputSize} pixel values / 255, row by row;` +
        ` output: the probability of each of the ${network.outputSize} classes.`,
    )
    .message(MODEL.opsetImport, (o) =>
      o.string(OPSET_ID.domain, '').varint(OPSET_ID.version, ONNX_OPSET),
    )
    .message(MODEL.graph, (g) => writeGraph(g, network));
  for (const [key, value] of Object.entries(meta)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text === undefined) continue;
    model.message(MODEL.metadataProps, (e) =>
      e.string(STRING_ENTRY.key, key).string(STRING_ENTRY.value, text),
    );
  }
  return model.finish();
}

/** Nodes from the layer list: Gemm for a dense layer, its operator for an activation. Dropout
 * only acts in training, so it adds no node. Names count dense layers: z0 → a0 → … → logits. */
function writeGraph(g: ProtoWriter, network: Network): void {
  const last = network.layers.length - 1;
  let x = ONNX_INPUT;
  let l = -1; // the dense layer the next node follows
  for (const layer of network.chain) {
    const { spec } = layer;
    if (spec.kind === 'dense') {
      l++;
      const z = l === last ? 'logits' : `z${l}`;
      writeNode(g, `gemm${l}`, 'Gemm', [x, `W${l}`, `B${l}`], z, []);
      x = z;
    } else if (spec.kind === 'activation') {
      const { op, attributes } = ACTIVATION_NODES[spec.fn];
      writeNode(g, `${op.toLowerCase()}${l}`, op, [x], `a${l}`, attributes);
      x = `a${l}`;
    }
  }
  // Opset 13 and later apply Softmax along one axis: each row (one image) on its own.
  writeNode(g, 'softmax', 'Softmax', ['logits'], ONNX_OUTPUT, [{ name: 'axis', int: 1 }]);
  g.string(GRAPH.name, 'backprop-lab-mlp');
  network.layers.forEach((layer, l) => {
    writeTensor(g, `W${l}`, [layer.inSize, layer.outSize], layer.w);
    writeTensor(g, `B${l}`, [layer.outSize], layer.b);
  });
  writeValueInfo(
    g,
    GRAPH.input,
    ONNX_INPUT,
    network.inputSize,
    'one image per row: its pixels / 255, row by row',
  );
  writeValueInfo(
    g,
    GRAPH.output,
    ONNX_OUTPUT,
    network.outputSize,
    'one row per image: the probability of each class',
  );
}

function writeNode(
  g: ProtoWriter,
  name: string,
  op: string,
  inputs: string[],
  output: string,
  attributes: Attribute[],
): void {
  g.message(GRAPH.node, (n) => {
    for (const input of inputs) n.string(NODE.input, input);
    n.string(NODE.output, output).string(NODE.name, name).string(NODE.opType, op);
    for (const attribute of attributes)
      n.message(NODE.attribute, (a) => {
        a.string(ATTRIBUTE.name, attribute.name);
        if ('float' in attribute)
          a.float(ATTRIBUTE.f, attribute.float).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
        else a.varint(ATTRIBUTE.i, attribute.int).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
      });
  });
}

/** A float32 constant. raw_data holds the values as little-endian float32s, row-major: the same
 * bytes as a packed repeated float field, so the writer's floats() produces it. */
function writeTensor(
  g: ProtoWriter,
  name: string,
  dims: number[],
  values: ArrayLike<number>,
): void {
  g.message(GRAPH.initializer, (t) => {
    for (const d of dims) t.varint(TENSOR.dims, d);
    t.varint(TENSOR.dataType, FLOAT).string(TENSOR.name, name).floats(TENSOR.rawData, values);
  });
}

/** A graph input or output: a float32 tensor (batch, width) with the batch size left free. */
function writeValueInfo(
  g: ProtoWriter,
  field: number,
  name: string,
  width: number,
  doc: string,
): void {
  g.message(field, (v) =>
    v
      .string(VALUE_INFO.name, name)
      .message(VALUE_INFO.type, (t) =>
        t.message(TYPE.tensorType, (tt) =>
          tt
            .varint(TENSOR_TYPE.elemType, FLOAT)
            .message(TENSOR_TYPE.shape, (s) =>
              s
                .message(SHAPE.dim, (d) => d.string(DIMENSION.dimParam, 'batch'))
                .message(SHAPE.dim, (d) => d.varint(DIMENSION.dimValue, width)),
            ),
        ),
      )
      .string(VALUE_INFO.docString, doc),
  );
}
