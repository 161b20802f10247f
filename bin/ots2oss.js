#!/usr/bin/env node
// `ots2oss`: runs the TypeScript CLI (shared/cli/main.ts) through tsx's loader, registered here
// so the bin works after a plain `npm install` (tsx is a runtime dependency) without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../shared/cli/main.ts');
