// Models on disk: the core's JSON document, written atomically.

import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.ts';
import type { ImageSet } from '../src-core/data/dataset.ts';
import { ModelError, modelFromDocument, modelToDocument } from '../src-core/model.ts';
import type { Network } from '../src-core/network.ts';

export function saveModel(
  path: string,
  network: Network,
  input: Pick<ImageSet, 'rows' | 'cols'>,
  meta: Record<string, unknown>,
): void {
  writeFileAtomic(path, JSON.stringify(modelToDocument(network, input, meta)));
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
