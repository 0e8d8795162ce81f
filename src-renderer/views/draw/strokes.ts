// The geometry of drawn strokes, kept apart from the canvas so it can be tested: a stroke is the
// points the pointer passed through, and it is painted as a chain of quadratic curves through the
// midpoints between them (each recorded point is a control point), which turns the pointer's
// jagged polyline into a smooth line without lagging behind the pen.

export interface Point {
  readonly x: number;
  readonly y: number;
  /** Line width at this point, in pad pixels (the brush width scaled by pen pressure). */
  readonly width: number;
}

export type Stroke = readonly Point[];

/** What painting needs of a canvas context; CanvasRenderingContext2D has all of it. */
export interface PathSink {
  lineWidth: number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  fill(): void;
  stroke(): void;
}

/** One piece of a painted stroke: a curve from `from` to `to` bent towards `control`, or a dot. */
export type Segment =
  | {
      readonly kind: 'curve';
      readonly from: Point;
      readonly control: Point;
      readonly to: Point;
      readonly width: number;
    }
  | { readonly kind: 'dot'; readonly at: Point; readonly width: number };

/** Points closer than this to the previous one (in pad pixels) add nothing but jitter. */
export const MIN_STEP = 1;

/**
 * How wide the line is for a pointer with this pressure. Mice and most touch screens report a
 * fixed 0.5 while pressed (or 0 when they cannot tell), which draws the brush width itself; a
 * pen draws from 40% of it (a light touch) to 160% (pressed hard).
 */
export function pressureWidth(brush: number, pointerType: string, pressure: number): number {
  if (pointerType !== 'pen' || pressure <= 0) return brush;
  return brush * (0.4 + 1.2 * Math.min(1, pressure));
}

const mid = (a: Point, b: Point): Point => ({
  x: (a.x + b.x) / 2,
  y: (a.y + b.y) / 2,
  width: (a.width + b.width) / 2,
});

/** Whether `next` is far enough from the stroke's last point to be worth adding. */
export function worthAdding(stroke: Stroke, next: Point): boolean {
  const last = stroke[stroke.length - 1];
  return last === undefined || Math.hypot(next.x - last.x, next.y - last.y) >= MIN_STEP;
}

/**
 * The segments that paint a stroke. A single point is a dot. Otherwise the line runs from the
 * first point to the midpoint of the first two, then curves through each later midpoint with the
 * point between as control, and ends at the last point: consecutive curves share their tangent at
 * the midpoints, so the line has no corners. Each piece takes the width at its control point, so
 * pen pressure varies smoothly along the stroke.
 */
export function strokeSegments(stroke: Stroke): Segment[] {
  if (stroke.length === 0) return [];
  if (stroke.length === 1) return [{ kind: 'dot', at: stroke[0], width: stroke[0].width }];
  const segments: Segment[] = [];
  let from = stroke[0];
  for (let i = 1; i < stroke.length; i++) {
    const control = stroke[i - 1];
    const to = i === stroke.length - 1 ? stroke[i] : mid(stroke[i - 1], stroke[i]);
    if (i === 1) {
      // The first piece is straight: from the first point to the first midpoint.
      segments.push({ kind: 'curve', from, control: mid(from, to), to, width: from.width });
    } else segments.push({ kind: 'curve', from, control, to, width: control.width });
    from = to;
  }
  return segments;
}

/**
 * Paints strokes on a context already set up for round caps and joins and the ink colour. The
 * pieces of one stroke overlap only at their round ends, so the line looks continuous.
 */
export function paintStrokes(sink: PathSink, strokes: readonly Stroke[]): void {
  for (const stroke of strokes) {
    for (const s of strokeSegments(stroke)) {
      sink.beginPath();
      if (s.kind === 'dot') {
        sink.arc(s.at.x, s.at.y, s.width / 2, 0, 2 * Math.PI);
        sink.fill();
        continue;
      }
      sink.lineWidth = s.width;
      sink.moveTo(s.from.x, s.from.y);
      sink.quadraticCurveTo(s.control.x, s.control.y, s.to.x, s.to.y);
      sink.stroke();
    }
  }
}

/** The strokes of one drawing, with undo. */
export class Drawing {
  readonly #strokes: Point[][] = [];
  #drawing = false;

  get strokes(): readonly Stroke[] {
    return this.#strokes;
  }

  get empty(): boolean {
    return this.#strokes.length === 0;
  }

  /** Starts a stroke at `point`. */
  begin(point: Point): void {
    this.#strokes.push([point]);
    this.#drawing = true;
  }

  /** Adds a point to the stroke in progress; false when there is none or it adds nothing. */
  extend(point: Point): boolean {
    const last = this.#strokes[this.#strokes.length - 1];
    if (!this.#drawing || last === undefined || !worthAdding(last, point)) return false;
    last.push(point);
    return true;
  }

  end(): void {
    this.#drawing = false;
  }

  /** Takes back the last stroke (even one in progress); false when there was none. */
  undo(): boolean {
    this.#drawing = false;
    return this.#strokes.pop() !== undefined;
  }

  clear(): void {
    this.#strokes.length = 0;
    this.#drawing = false;
  }
}
