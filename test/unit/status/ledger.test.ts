import { MemoryStatusStore } from '../../../shared/status/index.js';
import { defineLedgerScenarios } from './ledger-scenarios.js';
import { defineProgressScenarios } from './progress-scenarios.js';
import { defineAppendScenarios, defineListingScenarios, defineReconcileScenarios } from './more-scenarios.js';

defineLedgerScenarios('memory store', () => new MemoryStatusStore());
defineReconcileScenarios('memory store', () => new MemoryStatusStore());
defineAppendScenarios('memory store', () => new MemoryStatusStore());
defineListingScenarios('memory store', () => new MemoryStatusStore());
defineProgressScenarios('memory store', () => new MemoryStatusStore());
