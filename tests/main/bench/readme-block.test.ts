// The README's generated blocks: found between their markers, rewritten whole, refused with a
// clear error when the markers are missing or repeated.

import { describe, expect, it } from 'vitest';
import {
  findBlock,
  markdownTable,
  markers,
  withBlock,
} from '../../../src-main/bench/readme-block.ts';

const README = ['# Title', '', '<!-- speed -->', 'old table', '<!-- /speed -->', '', 'After.'].join(
  '\n',
);

describe('README blocks', () => {
  it('are found between their markers', () => {
    expect(markers('speed')).toEqual(['<!-- speed -->', '<!-- /speed -->']);
    const found = findBlock(README, 'speed');
    if ('problem' in found) throw new Error(found.problem);
    expect(README.slice(found.start, found.end)).toBe('\nold table\n');
  });

  it('say which markers are missing, or repeated', () => {
    expect(findBlock('# Title\n', 'speed')).toEqual({
      problem: 'has no <!-- speed --> … <!-- /speed --> block',
    });
    expect(findBlock('<!-- /speed -->\n<!-- speed -->', 'speed')).toHaveProperty('problem');
    expect(findBlock(`${README}\n${README}`, 'speed')).toEqual({
      problem: 'has more than one <!-- speed --> … <!-- /speed --> block',
    });
  });

  it('are rewritten whole, the text around them kept', () => {
    const written = withBlock(README, 'README.md', 'speed', 'new table');
    expect(written).toBe('# Title\n\n<!-- speed -->\n\nnew table\n\n<!-- /speed -->\n\nAfter.');
    expect(withBlock(written, 'README.md', 'speed', 'new table')).toBe(written);
  });

  it('refuse a file without the block, naming the file and the markers', () => {
    expect(() => withBlock('# Title\n', 'README.md', 'speed', 'x')).toThrow(
      'README.md has no <!-- speed --> … <!-- /speed --> block',
    );
  });

  it('pad a Markdown table as Prettier does', () => {
    expect(
      markdownTable([
        ['a', 'longer header'],
        ['wide cell', 'x'],
      ]),
    ).toBe(
      [
        '| a         | longer header |',
        '| --------- | ------------- |',
        '| wide cell | x             |',
      ].join('\n'),
    );
  });
});
