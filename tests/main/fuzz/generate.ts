// Seeded generation of malformed API payloads. Each payload starts from a valid request for its
// method (so ids and datasets exist, and a refusal that came too late would change the
// database) and corrupts one thing: a field's type, a missing or unknown key, a string with
// control characters, blank or comma tags, a number out of range, an over-long list, or the
// whole payload. Only payloads the method's schema refuses are kept, so every one must be
// answered with a typed invalid-request error and change nothing.
import { requestSchemas, type Method } from '../../../src-main/contract/api.ts';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0000\u0000',
  '\u001b]0;title\u0007',
  '\u001b[31mred',
  '\u0085',
  '\u007f',
  'a,b',
  '\t',
  '\n',
  '%00',
  '../../etc/passwd',
  '/dev/zero',
  '__proto__',
  'é'.repeat(48),
  '😀',
  '\ud800',
  'NaN',
  '1',
  'true',
];
const NUMBERS = [0, -1, -0, 1.5, 0.1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 10, 501];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'extra', '', ' ', 'id ', 'ID'];

export class PayloadGenerator {
  readonly #random: () => number;
  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  #int(n: number): number {
    return Math.floor(this.#random() * n);
  }
  #pick<T>(items: readonly T[]): T {
    return items[this.#int(items.length)];
  }

  /** Any JSON value, nested up to `depth`. */
  junk(depth = 2): Json {
    switch (this.#int(depth > 0 ? 9 : 6)) {
      case 0:
        return null;
      case 1:
        return this.#random() < 0.5;
      case 2:
        return this.#pick(NUMBERS);
      case 3:
        return this.#pick(STRINGS);
      case 4:
        return 'x'.repeat(this.#pick([101, 201, 10_001, 100_000]));
      case 5:
        return this.#pick(STRINGS) + String.fromCharCode(this.#int(32));
      case 6:
        return Array.from({ length: this.#int(4) }, () => this.junk(depth - 1));
      case 7: {
        const o: { [k: string]: Json } = {};
        for (let i = this.#int(3); i >= 0; i--) own(o, this.#pick(KEYS), this.junk(depth - 1));
        return o;
      }
      default:
        return Array.from({ length: this.#pick([51, 1001]) }, () => this.#pick(NUMBERS));
    }
  }

  /** `valid` with one thing corrupted. */
  mutate(valid: unknown): Json {
    const copy = JSON.parse(JSON.stringify(valid)) as Json;
    const paths = leafPaths(copy);
    const choice = this.#int(10);
    if (choice === 0 || paths.length === 0) return this.junk(3);
    const path = this.#pick(paths);
    // A path has a parent: leafPaths names only values inside objects and arrays.
    const parent = get(copy, path.slice(0, -1)) as Container;
    const key = path[path.length - 1];
    const current = (parent as Record<string | number, Json>)[key];
    switch (choice) {
      case 1:
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case 2:
        // An unknown key beside this field (strict objects refuse it).
        if (Array.isArray(parent)) parent.push(this.junk(1));
        else own(parent, this.#pick(KEYS), this.junk(1));
        break;
      case 3:
      case 4:
        if (typeof current === 'string') set(parent, key, this.#corruptString(current));
        else if (typeof current === 'number') set(parent, key, this.#corruptNumber(current));
        else set(parent, key, this.junk(2));
        break;
      default:
        set(parent, key, this.junk(2));
    }
    return copy;
  }

  #corruptString(s: string): Json {
    switch (this.#int(5)) {
      case 0:
        return s + String.fromCharCode(this.#int(32));
      case 1:
        return '\u0000'.repeat(1 + this.#int(4));
      case 2:
        return this.#pick([' ', '', 'a,b', '\u0085', '\u001b[2J']);
      case 3:
        return s.repeat(10_001);
      default:
        return this.#pick(NUMBERS);
    }
  }

  #corruptNumber(n: number): Json {
    return this.#pick([-n, n + 0.5, 0, -1, 1e308, 2 ** 53 + 2, String(n), null]);
  }

  /** `count` payloads for `method` that its schema refuses, all different from `valid`. */
  malformed(method: Method, valid: unknown, count: number): Json[] {
    const out: Json[] = [];
    let attempts = 0;
    while (out.length < count) {
      if (++attempts > count * 50)
        throw new Error(`${method}: could not make ${count} malformed payloads`);
      const payload = this.#random() < 0.85 ? this.mutate(valid) : this.junk(3);
      if (!requestSchemas[method].safeParse(payload).success) out.push(payload);
    }
    return out;
  }

  /** Bodies that are not JSON at all, or JSON no schema could take. */
  rawBody(): string {
    switch (this.#int(6)) {
      case 0:
        return '{'.repeat(1 + this.#int(50));
      case 1:
        return '['.repeat(5000) + ']'.repeat(5000);
      case 2:
        return Array.from({ length: 1 + this.#int(64) }, () =>
          String.fromCharCode(this.#int(256)),
        ).join('');
      case 3:
        return '{"id":1,"id":"1"}';
      case 4:
        return '{"id":1e400}';
      default:
        return JSON.stringify(this.junk(2)).slice(0, -1);
    }
  }
}

type Container = Json[] | { [k: string]: Json };

/** Sets an own property, even one named __proto__ (which plain assignment would not). */
function own(o: { [k: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every path to a value inside `value` (objects and arrays, not the root). */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...leafPaths(v, [...prefix, k])]);
}

function get(value: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], value);
}

function set(parent: Container, key: string | number, value: Json): void {
  (parent as Record<string | number, Json>)[key] = value;
}
