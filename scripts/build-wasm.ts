// npm run build:wasm: compiles src-core/wasm/kernels.wat into dist/wasm/kernels.wasm (see
// src-main/wasm-build.ts), even when the built file looks current.

import { rmSync } from 'node:fs';
import { ensureKernelsBuilt, KERNELS_WASM } from '../src-main/wasm-build.ts';

rmSync(KERNELS_WASM, { force: true });
console.log(await ensureKernelsBuilt());
