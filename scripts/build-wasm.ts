// npm run build:wasm: compiles src-core/wasm/kernels.wat into dist/wasm/ (see
// src-main/wasm-build.ts), even when the built files look current.

import { rmSync } from 'node:fs';
import { ensureKernelsBuilt, KERNELS_WASM } from '../src-main/wasm-build.ts';

for (const path of Object.values(KERNELS_WASM)) rmSync(path, { force: true });
await ensureKernelsBuilt();
console.log(Object.values(KERNELS_WASM).join('\n'));
