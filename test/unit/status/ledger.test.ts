import { MemoryStatusStore } from '../../../shared/status/index.js';
import { defineLedgerScenarios } from './ledger-scenarios.js';

defineLedgerScenarios('memory store', () => new MemoryStatusStore());
