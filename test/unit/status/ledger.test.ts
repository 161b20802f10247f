import { MemoryStatusStore } from '../../../shared/status/index.js';
import { defineLedgerScenarios, defineReconcileScenarios } from './ledger-scenarios.js';

defineLedgerScenarios('memory store', () => new MemoryStatusStore());
defineReconcileScenarios('memory store', () => new MemoryStatusStore());
