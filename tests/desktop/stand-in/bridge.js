// The renderer half of the electron stand-in (see README.md): what a sandboxed preload finds
// when it calls require('electron'), and what contextBridge does to what it exposes. Plain
// JavaScript, self-contained, because the same text runs in Chromium (injected before the page's
// own scripts) and in Node (tests/desktop/preload-world.ts); it must not import anything.
/* global structuredClone */

/**
 * Runs `runPreload(require, module, exports)` as Electron runs a sandboxed preload, against
 * `world` (the page's window), with `invoke(channel, args)` carrying ipcRenderer.invoke to the
 * main process. Returns `deliver(channel, args)`, which plays webContents.send into the page.
 *
 * @param {Record<PropertyKey, unknown>} world
 * @param {(channel: string, args: unknown[]) => Promise<unknown>} invoke
 * @param {(require: (name: string) => unknown, module: { exports: object }, exports: object) => void} runPreload
 * @returns {(channel: string, args: unknown[]) => void}
 */
// Called by name from the text it is injected into (preload-world.ts).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
function electronStandInPreload(world, invoke, runPreload) {
  'use strict';

  // Values crossing between the preload's world and the page's
  // (shell/renderer/api/electron_api_context_bridge.cc, PassValueToOtherContext): functions are
  // proxied (their arguments and results cross the same way), promises are proxied, an Error
  // arrives as a new Error with its message only, other objects and arrays are copied.
  const cross = (value) => {
    if (typeof value === 'function') {
      const target = value;
      return function proxied(...args) {
        let result;
        try {
          result = target(...args.map(cross));
        } catch (error) {
          throw crossError(error);
        }
        return cross(result);
      };
    }
    if (value instanceof Promise)
      return new Promise((resolve, reject) =>
        value.then(
          (v) => resolve(cross(v)),
          (e) => reject(crossError(e)),
        ),
      );
    if (value instanceof Error) return crossError(value);
    if (value === null || typeof value !== 'object') return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return structuredClone(value);
    if (Array.isArray(value)) return value.map(cross);
    const copy = {};
    for (const key of Object.keys(value)) copy[key] = cross(value[key]);
    return copy;
  };
  const crossError = (error) => (error instanceof Error ? new Error(error.message) : cross(error));

  // exposeInMainWorld freezes the copy, deeply, unless the ContextBridgeMutability feature is on
  // (it is not by default), and defines it read-only and non-configurable on window.
  const deepFreeze = (value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (ArrayBuffer.isView(value) || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  };

  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (Object.prototype.hasOwnProperty.call(world, key))
        throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      const exposed = cross(api);
      deepFreeze(exposed);
      Object.defineProperty(world, key, {
        value: exposed,
        writable: false,
        configurable: false,
        enumerable: true,
      });
    },
  };

  // ipcRenderer (docs/api/ipc-renderer.md): invoke's arguments go by structured clone, so a
  // function among them throws; listeners get (event, ...args).
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      try {
        return invoke(String(channel), structuredClone(args));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const deliver = (channel, args) => {
    for (const listener of [...(listeners.get(channel) ?? [])])
      listener({ sender: ipcRenderer, ports: [] }, ...structuredClone(args));
  };

  // A sandboxed preload's require knows only these (docs/tutorial/sandbox.md); npm modules and
  // Node built-ins are out of reach, so the preload must be bundled into one file.
  const electron = Object.freeze({ contextBridge, ipcRenderer });
  const require = (name) => {
    if (name === 'electron') return electron;
    if (name === 'events' || name === 'timers' || name === 'url')
      throw new Error(`the stand-in does not model the sandboxed '${name}' module`);
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  runPreload(require, module, module.exports);
  return deliver;
}
