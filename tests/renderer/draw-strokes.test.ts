import { describe, expect, it } from 'vitest';
import {
  Drawing,
  paintStrokes,
  pressureWidth,
  strokeSegments,
  type PathSink,
  type Point,
} from '../../src-renderer/views/draw/strokes.ts';

const p = (x: number, y: number, width = 20): Point => ({ x, y, width });

/** A canvas stand-in that records what is painted. */
function recorder(): PathSink & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    lineWidth: 1,
    beginPath: () => calls.push('begin'),
    moveTo: (x, y) => calls.push(`move ${x},${y}`),
    quadraticCurveTo: (cx, cy, x, y) => calls.push(`curve ${cx},${cy} ${x},${y}`),
    arc: (x, y, r) => calls.push(`arc ${x},${y} r${r}`),
    fill: () => calls.push('fill'),
    stroke() {
      calls.push(`stroke w${this.lineWidth}`);
    },
  };
}

describe('pen pressure', () => {
  it('leaves the brush width alone for mice, touch and pens that report no pressure', () => {
    expect(pressureWidth(20, 'mouse', 0.5)).toBe(20);
    expect(pressureWidth(20, 'touch', 1)).toBe(20);
    expect(pressureWidth(20, 'pen', 0)).toBe(20);
  });

  it('widens a pen line with pressure, the brush width at half pressure', () => {
    expect(pressureWidth(20, 'pen', 0.5)).toBeCloseTo(20);
    expect(pressureWidth(20, 'pen', 0.1)).toBeCloseTo(10.4);
    expect(pressureWidth(20, 'pen', 1)).toBeCloseTo(32);
    expect(pressureWidth(20, 'pen', 3)).toBeCloseTo(32);
  });
});

describe('stroke geometry', () => {
  it('paints a single point as a dot of the line width', () => {
    expect(strokeSegments([p(5, 6, 10)])).toEqual([{ kind: 'dot', at: p(5, 6, 10), width: 10 }]);
    const sink = recorder();
    paintStrokes(sink, [[p(5, 6, 10)]]);
    expect(sink.calls).toEqual(['begin', 'arc 5,6 r5', 'fill']);
  });

  it('draws two points as a straight line', () => {
    const [s] = strokeSegments([p(0, 0), p(10, 0)]);
    expect(s).toMatchObject({ kind: 'curve', from: p(0, 0), to: p(10, 0) });
    if (s.kind !== 'curve') throw new Error('expected a curve');
    expect(s.control.y).toBe(0);
  });

  it('curves through the midpoints with the recorded points as controls', () => {
    const segments = strokeSegments([p(0, 0), p(10, 0), p(10, 10), p(0, 10)]);
    expect(segments.map((s) => (s.kind === 'curve' ? [s.from, s.control, s.to] : []))).toEqual([
      [p(0, 0), p(2.5, 0), p(5, 0)],
      [p(5, 0), p(10, 0), p(10, 5)],
      [p(10, 5), p(10, 10), p(0, 10)],
    ]);
  });

  it('joins the pieces end to end, so the line never breaks', () => {
    const points = Array.from({ length: 30 }, (_, i) =>
      p(Math.cos(i / 3) * 50, Math.sin(i / 3) * 50),
    );
    const segments = strokeSegments(points);
    expect(segments).toHaveLength(points.length - 1);
    for (let i = 1; i < segments.length; i++) {
      const [a, b] = [segments[i - 1], segments[i]];
      if (a.kind !== 'curve' || b.kind !== 'curve') throw new Error('expected curves');
      expect(b.from).toEqual(a.to);
      // Tangents agree at the joint: the controls on either side and the joint are collinear.
      const cross =
        (a.to.x - a.control.x) * (b.control.y - a.to.y) -
        (a.to.y - a.control.y) * (b.control.x - a.to.x);
      expect(Math.abs(cross)).toBeLessThan(1e-9);
    }
    expect(segments[0].kind === 'curve' && segments[0].from).toEqual(points[0]);
    const last = segments[segments.length - 1];
    expect(last.kind === 'curve' && last.to).toEqual(points[points.length - 1]);
  });

  it('gives each piece the pressure width of its control point', () => {
    const sink = recorder();
    paintStrokes(sink, [[p(0, 0, 10), p(10, 0, 20), p(20, 0, 30)]]);
    expect(sink.calls.filter((c) => c.startsWith('stroke'))).toEqual(['stroke w10', 'stroke w20']);
  });
});

describe('a drawing', () => {
  it('records strokes, skipping jitter smaller than a pixel', () => {
    const d = new Drawing();
    expect(d.empty).toBe(true);
    d.begin(p(0, 0));
    expect(d.extend(p(0.3, 0.3))).toBe(false);
    expect(d.extend(p(5, 0))).toBe(true);
    d.end();
    expect(d.extend(p(9, 9))).toBe(false); // no stroke in progress
    expect(d.strokes).toEqual([[p(0, 0), p(5, 0)]]);
  });

  it('undoes the last stroke, then the one before, and clears', () => {
    const d = new Drawing();
    d.begin(p(0, 0));
    d.end();
    d.begin(p(50, 50));
    d.extend(p(60, 60));
    d.end();
    expect(d.undo()).toBe(true);
    expect(d.strokes).toEqual([[p(0, 0)]]);
    expect(d.undo()).toBe(true);
    expect(d.undo()).toBe(false);
    d.begin(p(1, 1));
    d.clear();
    expect(d.empty).toBe(true);
    expect(d.extend(p(9, 9))).toBe(false);
  });
});
