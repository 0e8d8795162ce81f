// Which backend a float32 network computes on: the WebAssembly SIMD kernels where the runtime has
// what they need, else the TypeScript ones (the reference), with the reason either way, for the
// caller to log once and store with the run.

import type { Backend } from '../backend.ts';
import { TypeScriptBackend } from '../kernels.ts';
import { WasmBackend } from './backend.ts';
import { RELAXED_SIMD_PROBE, wasmApi, type WasmApi } from './webassembly.ts';

export interface BackendChoice {
  readonly backend: Backend;
  readonly reason: string;
}

export interface ChooseOptions {
  /** The runtime's WebAssembly; its own by default, null for a runtime without one. */
  readonly api?: WasmApi | null;
  /** Bytes of memory for the WASM backend (see WasmBackend). */
  readonly capacity?: number;
}

/** `kernels` is the compiled kernels.wat (read by the caller), or null when it could not be read. */
export function chooseBackend(
  kernels: Uint8Array | null,
  options: ChooseOptions = {},
): BackendChoice {
  const api = options.api === undefined ? wasmApi() : options.api;
  const typescript = (why: string): BackendChoice => ({
    backend: new TypeScriptBackend('float32'),
    reason: `TypeScript kernels: ${why}`,
  });
  if (api === null) return typescript('this runtime has no WebAssembly');
  if (!api.validate(RELAXED_SIMD_PROBE))
    return typescript("this runtime's WebAssembly has no SIMD or no relaxed SIMD");
  if (kernels === null) return typescript('the WebAssembly kernels were not found');
  if (!api.validate(kernels)) return typescript('the WebAssembly kernels are not a valid module');
  return {
    backend: new WasmBackend(new api.Module(kernels), { capacity: options.capacity }),
    reason: 'WebAssembly SIMD kernels (relaxed SIMD, one thread)',
  };
}
