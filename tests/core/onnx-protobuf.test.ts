// The protobuf writer against bytes worked out by hand from the wire format (the first three are
// the examples of the protobuf encoding guide).
import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../src-core/protobuf.ts';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

describe('ProtoWriter', () => {
  it('writes a varint 7 bits at a time, low bits first: 300 → ac 02', () => {
    // key 08 = field 1 << 3 | wire type 0; 300 = 0b10_0101100 → 1_0101100 0_0000010
    expect(hex(new ProtoWriter().varint(1, 300).finish())).toBe('08 ac 02');
    expect(hex(new ProtoWriter().varint(1, 0).finish())).toBe('08 00');
    expect(hex(new ProtoWriter().varint(1, 127).finish())).toBe('08 7f');
  });

  it('keeps varints above 2³² exact', () => {
    expect(hex(new ProtoWriter().varint(1, 2 ** 32).finish())).toBe('08 80 80 80 80 10');
    expect(hex(new ProtoWriter().varint(1, 2 ** 53 - 1).finish())).toBe(
      '08 ff ff ff ff ff ff ff 0f',
    );
  });

  it('writes a string as key, length, UTF-8 bytes', () => {
    // key 12 = field 2 << 3 | wire type 2; 7 bytes of "testing"
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
    // é (2 bytes), € (3 bytes), 😀 (4 bytes), then a lone surrogate as U+FFFD
    expect(hex(new ProtoWriter().string(1, 'é€😀\ud800').finish())).toBe(
      '0a 0c c3 a9 e2 82 ac f0 9f 98 80 ef bf bd',
    );
  });

  it('writes a nested message as a length-delimited field', () => {
    // message Test3 { Test1 c = 3; } with c.a = 150: 1a 03 | 08 96 01
    expect(hex(new ProtoWriter().message(3, (m) => m.varint(1, 150)).finish())).toBe(
      '1a 03 08 96 01',
    );
    expect(hex(new ProtoWriter().message(1, () => {}).finish())).toBe('0a 00');
  });

  it('writes a float as fixed32, little-endian', () => {
    // key 15 = field 2 << 3 | wire type 5; 1.0f = 0x3f800000
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('15 00 00 80 3f');
    expect(hex(new ProtoWriter().float(1, -2.5).finish())).toBe('0d 00 00 20 c0');
  });

  it('packs repeated floats into one length-delimited field', () => {
    // [1, -2]: 8 bytes, 1.0f = 3f800000, -2.0f = c0000000
    expect(hex(new ProtoWriter().floats(4, [1, -2]).finish())).toBe(
      '22 08 00 00 80 3f 00 00 00 c0',
    );
    // float64 values are rounded to float32: 0.1 → 0x3dcccccd
    expect(hex(new ProtoWriter().floats(4, new Float64Array([0.1])).finish())).toBe(
      '22 04 cd cc cc 3d',
    );
  });

  it('writes fields one after another, growing past its first buffer', () => {
    const w = new ProtoWriter().varint(1, 150).string(2, 'x'.repeat(200)).float(3, 1);
    const bytes = w.finish();
    expect(bytes).toHaveLength(3 + 1 + 2 + 200 + 5);
    expect(hex(bytes.subarray(0, 5))).toBe('08 96 01 12 c8');
    expect(hex(bytes.subarray(-5))).toBe('1d 00 00 80 3f');
    expect(hex(w.finish())).toBe(hex(bytes));
  });

  it('refuses what it cannot encode', () => {
    const w = new ProtoWriter();
    expect(() => w.varint(1, -1)).toThrow(/not a non-negative safe integer/);
    expect(() => w.varint(1, 1.5)).toThrow(RangeError);
    expect(() => w.varint(0, 1)).toThrow(/field number 0/);
    expect(w.finish()).toHaveLength(0);
  });
});
