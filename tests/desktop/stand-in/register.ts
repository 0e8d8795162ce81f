// Loaded with `node --import` before a bundle of the app: resolves `electron` to the stand-in
// (electron.ts), as Electron's patched loader resolves it to the built-in module for ESM and
// CommonJS alike. Node 24's synchronous module hooks (node:module registerHooks).

import { registerHooks } from 'node:module';

const STAND_IN = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
