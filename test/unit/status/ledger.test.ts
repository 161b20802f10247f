import { MemoryStatusStore } from '../../../shared/status/index.js';
import {
  defineLedgerScenarios,
  defineReconcileScenarios,
  defineAppendScenarios,
} from './ledger-scenarios.js';

defineLedgerScenarios('memory store', () => new MemoryStatusStore());
defineReconcileScenarios('memory store', () => new MemoryStatusStore());
defineAppendScenarios('memory store', () => new MemoryStatusStore());
