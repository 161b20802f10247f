/**
 * The `ots2oss` CLI: `validate`, `run`, `verify`, `status` (see docs/CLI.md). `runCli(argv, io)` is
 * the whole program with its IO handed in; the modules beside it hold each command's logic.
 */
export { runCli, buildProgram, type CliIo } from './program.js';
export { EXIT, EXIT_CODE_HELP, exitCodeFor, isUnreachable, type ExitCode } from './exit-codes.js';
export { verifyChain, type VerifyReport, type VerifyProblem } from './verify.js';
export { buildStatusReport, formatDuration, type StatusReport } from './status-report.js';
export { maskedConfig, maskId } from './mask.js';
export { collectVariables, parseVarOptions, varsFromEnv, VAR_ENV_PREFIX } from './variables.js';
