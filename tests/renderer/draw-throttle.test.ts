import { describe, expect, it } from 'vitest';
import {
  frameThrottle,
  type FrameScheduler,
} from '../../src-renderer/views/draw/frame-throttle.ts';

/** Frames that run only when the test says so. */
function frames(): FrameScheduler & { tick(): void; pending(): number } {
  let next = 1;
  const queue = new Map<number, () => void>();
  return {
    request(callback) {
      queue.set(next, callback);
      return next++;
    },
    cancel: (handle) => void queue.delete(handle),
    tick() {
      const due = [...queue.values()];
      queue.clear();
      for (const f of due) f();
    },
    pending: () => queue.size,
  };
}

describe('frame throttle', () => {
  it('runs once per frame however many requests came in it', () => {
    const clock = frames();
    let runs = 0;
    const throttled = frameThrottle(() => runs++, clock);
    for (let i = 0; i < 50; i++) throttled.request();
    expect(runs).toBe(0);
    expect(clock.pending()).toBe(1);
    clock.tick();
    expect(runs).toBe(1);
    clock.tick();
    expect(runs).toBe(1); // nothing asked for, nothing done
    throttled.request();
    clock.tick();
    expect(runs).toBe(2);
  });

  it('can be asked again from inside the run, for the frame after', () => {
    const clock = frames();
    let runs = 0;
    const throttled = frameThrottle(() => {
      if (++runs < 3) throttled.request();
    }, clock);
    throttled.request();
    clock.tick();
    clock.tick();
    clock.tick();
    clock.tick();
    expect(runs).toBe(3);
  });

  it('drops a pending run when cancelled', () => {
    const clock = frames();
    let runs = 0;
    const throttled = frameThrottle(() => runs++, clock);
    throttled.request();
    throttled.cancel();
    clock.tick();
    expect(runs).toBe(0);
    throttled.request();
    clock.tick();
    expect(runs).toBe(1);
  });
});
