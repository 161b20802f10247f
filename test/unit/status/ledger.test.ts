import { MemoryStatusStore } from '../../../shared/status/index.js';
import {
  defineLedgerScenarios,
  defineReconcileScenarios,
  defineAppendScenarios,
  defineListingScenarios,
} from './ledger-scenarios.js';

defineLedgerScenarios('memory store', () => new MemoryStatusStore());
defineReconcileScenarios('memory store', () => new MemoryStatusStore());
defineAppendScenarios('memory store', () => new MemoryStatusStore());
defineListingScenarios('memory store', () => new MemoryStatusStore());
