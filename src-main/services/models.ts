// Stored weights back into a runnable network.

import { networkFromSaved } from '../../src-core/model.ts';
import type { Network } from '../../src-core/network.ts';
import type { ModelRow } from '../store/types.ts';

export function networkFromModel(model: ModelRow, maxBatch = 1): Network {
  return networkFromSaved(model, maxBatch);
}
