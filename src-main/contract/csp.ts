/** The Content-Security-Policy of every page and file of the renderer, in the desktop app and in
 * browser mode alike (so the browser tests catch what the app would refuse). Scripts, styles and
 * fonts only from the app itself, no eval (uPlot needs none), images also from data:/blob: URLs
 * (drawn digits, thumbnails), fetch/XHR/WebSocket only back to the app. Inline `style="…"`
 * attributes in markup are refused too: Svelte sets dynamic styles through the CSSOM
 * (`style:` directives, `el.style`), which CSP allows, and component CSS is bundled into a file.
 * No WebAssembly either: the renderer's forward passes (drawing pad, inside views) run on the
 * core's TypeScript kernels, fast enough for one image (`npm run bench` times the pad), so
 * script-src needs no 'wasm-unsafe-eval'; the WASM kernels run only in the training process. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
