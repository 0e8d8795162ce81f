// The drawing pad and the test-image thumbnails take the image size from src-core/architecture.ts
// (MNIST_IMAGE), not from a literal 784 of their own that could drift from it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const FILES = [
  'src-renderer/views/draw/model-cache.ts',
  'src-renderer/components/DigitThumbnail.svelte',
];

/** The file without its comments: `//` lines and `/* … *\/` blocks. */
const code = (path: string): string =>
  readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

describe('the image size in the Draw view and the thumbnails', () => {
  for (const file of FILES)
    it(`comes from MNIST_IMAGE in ${file}`, () => {
      expect(code(file)).not.toMatch(/\b784\b/);
      expect(code(file)).toContain('MNIST_IMAGE');
    });
});
