// What a LineChart is told to draw, apart from the data.

export interface ChartSeries {
  readonly label: string;
  /** A colour token of styles.css, e.g. '--series-1', so the chart follows the theme. */
  readonly color: string;
  /** 0–1; lighter lines for the noisy live series. */
  readonly alpha?: number;
  readonly width?: number;
  /** Canvas dash pattern in CSS pixels, e.g. [6, 4]. */
  readonly dash?: readonly number[];
  /** Dots at each point (per-epoch series); off for dense live series. */
  readonly points?: boolean;
  /** False leaves it out of the legend: a band's edge, a faint raw or member line. */
  readonly legend?: boolean;
}

/** A labelled vertical line, e.g. at the best epoch. */
export interface ChartMarker {
  readonly x: number;
  readonly label: string;
}

/** "#2f5fd0" → "rgba(47, 95, 208, 0.4)"; other colour syntaxes pass through unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex === null || alpha >= 1) return color;
  const n = parseInt(hex[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A shaded area between two of a chart's series (by their index in its series list), e.g. a
 * group's mean ± 1 std; `upper` is drawn above `lower`. */
export interface ChartBand {
  readonly upper: number;
  readonly lower: number;
  /** A colour token, as a series has. */
  readonly color: string;
  readonly alpha: number;
}
