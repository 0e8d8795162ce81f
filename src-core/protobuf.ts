// A minimal protocol buffers writer: just enough of the wire format to write an ONNX file
// (onnx.ts) without a protobuf library.
//
// A message is a flat list of fields. Each field starts with a key, the varint
// (field number << 3 | wire type), followed by its value:
//   wire type 0 (varint): an integer, 7 bits per byte, low bits first, high bit = "more follows"
//   wire type 2 (length-delimited): a varint byte count, then the bytes (strings, bytes, nested
//     messages, packed repeated numbers)
//   wire type 5 (fixed32): 4 bytes little-endian (float)
// Fields may come in any order and a repeated field is simply written once per element, so a
// writer never has to go back and patch anything except a nested message's length: nested
// messages are built in their own writer first, then copied in with their length.

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export class ProtoWriter {
  #bytes = new Uint8Array(64);
  #length = 0;

  /** An int32, int64, uint32, uint64, enum or bool field. Negative numbers are not supported:
   * nothing in an ONNX model written here needs them. */
  varint(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`protobuf varint: ${value} is not a non-negative safe integer`);
    this.#key(field, VARINT);
    this.#varint(value);
    return this;
  }

  /** A float field: 4 bytes, little-endian IEEE 754 single precision. */
  float(field: number, value: number): this {
    this.#key(field, FIXED32);
    new DataView(this.#reserve(4).buffer).setFloat32(this.#length - 4, value, true);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.#key(field, LENGTH_DELIMITED);
    this.#varint(data.length);
    this.#reserve(data.length).set(data, this.#length - data.length);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, utf8(text));
  }

  /** A nested message, written by `build` into a writer of its own. */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field: the values as consecutive little-endian float32s. (float64
   * values are rounded to float32.) */
  floats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return this.bytes(field, data);
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  #key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff)
      throw new RangeError(`protobuf field number ${field} is out of range`);
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number): void {
    // Division rather than >>> so values above 2³² stay exact.
    let v = value;
    while (v >= 0x80) {
      this.#push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.#push(v);
  }

  #push(byte: number): void {
    this.#reserve(1)[this.#length - 1] = byte;
  }

  /** Makes room for n more bytes and counts them as written; returns the (possibly new) buffer. */
  #reserve(n: number): Uint8Array {
    const needed = this.#length + n;
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#length = needed;
    return this.#bytes;
  }
}

/** UTF-8 bytes of a string (TextEncoder is a DOM/Node API, which the core does not see). A lone
 * surrogate, which has no UTF-8 form, becomes U+FFFD as TextEncoder would make it. */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    let c = char.codePointAt(0) ?? 0;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else
      out.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f),
      );
  }
  return Uint8Array.from(out);
}
