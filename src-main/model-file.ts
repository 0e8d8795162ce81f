// Models on disk: the core's JSON document, written atomically (temp file + rename) so an
// interrupted save never leaves half a model behind.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ImageSet } from '../src-core/data/dataset.ts';
import { ModelError, modelFromDocument, modelToDocument } from '../src-core/model.ts';
import type { Network } from '../src-core/network.ts';

export function saveModel(
  path: string,
  network: Network,
  input: Pick<ImageSet, 'rows' | 'cols'>,
  meta: Record<string, unknown>,
): void {
  const doc = modelToDocument(network, input, meta);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(doc));
  renameSync(temp, path);
}

export function loadModel(path: string, maxBatch = 1): Network {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ModelError(`${path}: not JSON (${(error as Error).message})`);
  }
  try {
    return modelFromDocument(doc, maxBatch);
  } catch (error) {
    if (error instanceof ModelError)
      throw new ModelError(`${path}: ${error.message.replace(/^not a usable model: /, '')}`);
    throw error;
  }
}
