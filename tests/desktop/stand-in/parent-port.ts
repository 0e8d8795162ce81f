// Loaded with `node --import` into each utility process the stand-in forks: gives it
// `process.parentPort` as Electron does (docs/api/parent-port.md). Messages arrive as
// `{ data, ports }` events and wait until a listener is attached; postMessage goes to the parent.

import { EventEmitter } from 'node:events';

class ParentPort extends EventEmitter {
  readonly #waiting: unknown[] = [];
  constructor() {
    super();
    process.on('message', (data) => {
      if (this.listenerCount('message') === 0) this.#waiting.push(data);
      else this.emit('message', { data, ports: [] });
    });
    this.on('newListener', (event) => {
      if (event !== 'message') return;
      // Deliver what waited once the listener is in place.
      queueMicrotask(() => {
        for (const data of this.#waiting.splice(0)) this.emit('message', { data, ports: [] });
      });
    });
  }
  postMessage(message: unknown): void {
    if (process.connected) process.send?.(message);
  }
}

Object.defineProperty(process, 'parentPort', { value: new ParentPort(), enumerable: false });
