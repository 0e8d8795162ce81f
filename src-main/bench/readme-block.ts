// The README's generated blocks (the settings table, the performance table): each sits between a
// pair of comment markers, `<!-- name -->` and `<!-- /name -->`, and is rewritten whole from the
// code or the measurements it shows, so the prose around it stays the writer's.

/** The markers of block `name`, e.g. ['<!-- settings -->', '<!-- /settings -->']. */
export const markers = (name: string): [string, string] => [
  `<!-- ${name} -->`,
  `<!-- /${name} -->`,
];

/** Where block `name` is, or why it cannot be found (for an error naming the file). */
export function findBlock(
  text: string,
  name: string,
): { start: number; end: number } | { problem: string } {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return { problem: `has no ${open} … ${close} block` };
  if (text.indexOf(open, start + open.length) >= 0 || text.indexOf(close, end + close.length) >= 0)
    return { problem: `has more than one ${open} … ${close} block` };
  return { start: start + open.length, end };
}

/** `text` (the file `file`) with block `name` holding `block`, a blank line either side. */
export function withBlock(text: string, file: string, name: string, block: string): string {
  const found = findBlock(text, name);
  if ('problem' in found) throw new Error(`${file} ${found.problem}`);
  return `${text.slice(0, found.start)}\n\n${block}\n\n${text.slice(found.end)}`;
}

/** A Markdown table of `rows` (the first is the header), columns padded as Prettier pads them. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join(
    '\n',
  );
}
