// Pointer events come much faster than the screen refreshes (a pen can report hundreds a
// second). Repainting, preprocessing and predicting once per animation frame, however many
// events arrived in it, keeps drawing smooth and never does work nobody sees.

/** Schedules a callback for the next frame and returns a handle to cancel it, like
 * requestAnimationFrame / cancelAnimationFrame. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface Throttled {
  /** Asks for `run` to happen in the next frame; more requests before then change nothing. */
  request(): void;
  /** Drops a pending run (e.g. when the component goes away). */
  cancel(): void;
}

/** `run` at most once per frame, and only in frames after a request. */
export function frameThrottle(run: () => void, frames: FrameScheduler): Throttled {
  let pending: number | null = null;
  return {
    request() {
      if (pending !== null) return;
      pending = frames.request(() => {
        pending = null;
        run();
      });
    },
    cancel() {
      if (pending === null) return;
      frames.cancel(pending);
      pending = null;
    },
  };
}
