// The part of the WebAssembly JavaScript API the WASM backend uses, typed here because the core
// is compiled without DOM or Node types (and so without theirs). It is read from globalThis, where
// Node, Electron and browsers all put it; a runtime without it gets null.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** A compiled module: opaque to the core, which only instantiates it. */
export type WasmModule = object;

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }) => WasmMemory;
}

/** Bytes per WebAssembly memory page. */
export const PAGE = 65536;

export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/** A minimal module using what the kernels need beyond the first WebAssembly version:
 *   (module (func (param v128) (result v128)
 *     (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))
 * so that validating it says whether this runtime has SIMD and relaxed SIMD. */
export const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32,
  0, 32, 0, 253, 133, 2, 11,
]);
