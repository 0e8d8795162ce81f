// A second thread for the WebAssembly backend. It shares the backend's memory (a shared
// WebAssembly.Memory) and instantiates the same kernels over it, so handing it work is writing a
// few numbers: the kernel and its arguments go into a small control block in that memory, and a
// counter there says "go". The backend then does its own half of the output rows, and waits for
// the helper's half, unless the helper has not taken it yet (a compare-and-swap on the control
// block decides who has): then the backend does that half too, so a helper the operating system
// has not scheduled (a busy machine) never makes a step wait for it. Each output element is
// computed by the same code whichever thread computes it, so one and two threads give the same
// numbers.
//
// Waiting: a call takes microseconds, and sleeping in Atomics.wait costs tens of them to wake, so
// each side first spins on the counter for a while and only then sleeps. The core cannot start a
// thread (that needs Node's worker_threads or a browser Worker): the host passes a StartHelper
// that runs serveKernels in a new thread (src-main/wasm-threads.ts in Node).

import { instantiate, type Kernels } from './exports.ts';
import type { WasmMemory, WasmModule } from './webassembly.ts';

/** What a helper thread is started with. */
export interface HelperStart {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Byte address of the control block in the memory. */
  readonly control: number;
}

export type StartHelper = (start: HelperStart) => void;

/** Int32 slots of the control block. */
const GO = 0; // bumped by the backend for each call
const DONE = 1; // set to GO's value by the helper when its half is written
const READY = 2; // 1 once the helper is waiting for work
const CLAIM = 3; // the last task taken, by the helper or by the backend itself
const KERNEL = 4;
const ARGS = 5;
export const CONTROL_BYTES = 4 * (ARGS + 11);

/** The kernels a helper runs. */
export const TASK = {
  product: 1,
  gemmNT: 2,
  map: 3,
  unit: 4,
  adam: 5,
  gather: 6,
  stop: 7,
  imagesNN: 8,
  imagesTN: 9,
  loss: 10,
} as const;

/** Loads of the counter before sleeping: some tens of microseconds. */
const SPINS = 20000;
/** How long the backend waits for the helper's half before it gives up with an error. */
const ANSWER_MS = 10000;

/** Spins, then sleeps, until ints[at] differs from `value`; returns the new value, or `value`
 * when `timeoutMs` passed first. */
function waitForChange(ints: Int32Array, at: number, value: number, timeoutMs: number): number {
  for (let spin = 0; spin < SPINS; spin++) {
    const now = Atomics.load(ints, at);
    if (now !== value) return now;
  }
  Atomics.wait(ints, at, value, timeoutMs);
  return Atomics.load(ints, at);
}

/** The helper thread's loop: runs the kernels the backend hands it until told to stop. */
export function serveKernels({ module, memory, control }: HelperStart): void {
  const kernels = instantiate(module, memory);
  const ints = new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
  const floats = new Float32Array(memory.buffer, control, CONTROL_BYTES / 4);
  let seen = Atomics.load(ints, GO);
  Atomics.store(ints, READY, 1);
  for (;;) {
    const go = waitForChange(ints, GO, seen, Infinity);
    if (go === seen) continue;
    seen = go;
    if (ints[KERNEL] === TASK.stop) return;
    // The backend takes the task back when it is done with its own half first.
    if (!claim(ints, go)) continue;
    run(kernels, ints, floats);
    Atomics.store(ints, DONE, seen);
    Atomics.notify(ints, DONE);
  }
}

/** Takes task `go` for this thread: true unless the other thread took it first. */
function claim(ints: Int32Array, go: number): boolean {
  const before = (go - 1) | 0;
  return Atomics.compareExchange(ints, CLAIM, before, go) === before;
}

function run(k: Kernels, i: Int32Array, f: Float32Array): void {
  const a = ARGS;
  switch (i[KERNEL]) {
    case TASK.product:
      return k.product(
        i[a],
        i[a + 1],
        i[a + 2],
        i[a + 3],
        i[a + 4],
        i[a + 5],
        i[a + 6],
        i[a + 7],
        i[a + 8],
        i[a + 9],
      );
    case TASK.gemmNT:
      return k.gemmNT(i[a], i[a + 1], i[a + 2], i[a + 3], i[a + 4], i[a + 5]);
    case TASK.map:
      return k.map(i[a], i[a + 1], i[a + 2], i[a + 3], i[a + 4], f[a + 5]);
    case TASK.unit:
      return k.unitFromBytes(i[a], i[a + 1], i[a + 2]);
    case TASK.gather:
      return k.gatherUnit(i[a], i[a + 1], i[a + 2], i[a + 3], i[a + 4]);
    case TASK.imagesNN:
      return k.imagesNN(i[a], i[a + 1], i[a + 2], i[a + 3], i[a + 4], i[a + 5]);
    case TASK.imagesTN:
      return k.imagesTN(i[a], i[a + 1], i[a + 2], i[a + 3], i[a + 4], i[a + 5], i[a + 6], i[a + 7]);
    case TASK.loss:
      return k.softmaxLoss(
        i[a],
        i[a + 1],
        i[a + 2],
        i[a + 3],
        i[a + 4],
        i[a + 5],
        i[a + 6],
        f[a + 7],
        i[a + 8],
        i[a + 9],
        i[a + 10],
      );
    case TASK.adam:
      return k.adam(
        i[a],
        i[a + 1],
        i[a + 2],
        i[a + 3],
        i[a + 4],
        f[a + 5],
        f[a + 6],
        f[a + 7],
        f[a + 8],
        f[a + 9],
      );
  }
}

/** The backend's side of the control block. */
export class Helper {
  readonly #ints: Int32Array;
  readonly #floats: Float32Array;
  #go = 0;

  readonly #kernels: Kernels;

  /** `kernels` are the backend's own, for the shares it takes back. */
  constructor(memory: WasmMemory, control: number, kernels: Kernels) {
    this.#kernels = kernels;
    this.#ints = new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
    this.#floats = new Float32Array(memory.buffer, control, CONTROL_BYTES / 4);
  }

  /** Whether the helper has started and waits for work (until then the backend works alone). */
  get ready(): boolean {
    return Atomics.load(this.#ints, READY) === 1;
  }

  /** Hands the helper `task` with up to ten integer arguments. */
  start(
    task: number,
    a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0,
  ): void {
    this.#write(task, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    this.#signal();
  }

  /** Hands the helper Adam's update of n parameters: kernels.wat's adam, its five numbers
   * (stepSize, vScale, β₁, β₂, ε) as float32 arguments. */
  startAdam(p: number, g: number, m: number, v: number, n: number, numbers: number[]): void {
    this.#write(TASK.adam, p, g, m, v, n, 0, 0, 0, 0, 0);
    numbers.forEach((x, j) => (this.#floats[ARGS + 5 + j] = x));
    this.#signal();
  }

  /** Hands the helper kernels.wat's softmaxLoss, its scale (the eighth argument) a float32. */
  startLoss(
    z: number,
    labels: number,
    p: number,
    dz: number,
    grad: number,
    rows: number,
    c: number,
    scale: number,
    kind: number,
    sums: number,
    losses: number,
  ): void {
    this.#write(TASK.loss, z, labels, p, dz, grad, rows, c, 0, kind, sums);
    this.#floats[ARGS + 7] = scale;
    this.#ints[ARGS + 10] = losses;
    this.#signal();
  }

  /** Hands the helper an element-wise kernel: kernels.wat's map(op, out, x, y, n, s). */
  startMap(op: number, out: number, x: number, y: number, n: number, s: number): void {
    this.#write(TASK.map, op, out, x, y, n, 0, 0, 0, 0, 0);
    this.#floats[ARGS + 5] = s;
    this.#signal();
  }

  #write(
    task: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4: number,
    a5: number,
    a6: number,
    a7: number,
    a8: number,
    a9: number,
  ): void {
    const ints = this.#ints;
    ints[KERNEL] = task;
    ints[ARGS] = a0;
    ints[ARGS + 1] = a1;
    ints[ARGS + 2] = a2;
    ints[ARGS + 3] = a3;
    ints[ARGS + 4] = a4;
    ints[ARGS + 5] = a5;
    ints[ARGS + 6] = a6;
    ints[ARGS + 7] = a7;
    ints[ARGS + 8] = a8;
    ints[ARGS + 9] = a9;
  }

  /** Bumps the counter the helper watches (after the arguments: Atomics.store orders them). */
  #signal(): void {
    this.#go = (this.#go + 1) | 0;
    Atomics.store(this.#ints, GO, this.#go);
    Atomics.notify(this.#ints, GO);
  }

  /** Returns once the task last started is done: by the helper, or here when the helper has not
   * taken it yet (a helper thread the operating system has not scheduled, on a busy machine,
   * then costs nothing but this thread doing the whole kernel, as it would alone). */
  finish(): void {
    const ints = this.#ints;
    if (claim(ints, this.#go)) {
      run(this.#kernels, ints, this.#floats);
      return;
    }
    const until = Date.now() + ANSWER_MS;
    let done = Atomics.load(ints, DONE);
    while (done !== this.#go) {
      if (Date.now() > until)
        throw new Error(`The WebAssembly helper thread has not answered in ${ANSWER_MS / 1000} s`);
      done = waitForChange(ints, DONE, done, 100);
    }
  }

  /** Ends the helper's loop (its thread then exits). */
  stop(): void {
    if (this.ready) this.start(TASK.stop);
    Atomics.store(this.#ints, READY, 0);
  }
}
