/**
 * The `ots2oss` command line (commander): option parsing and wiring only — each action loads the
 * config, calls one module of this folder (which calls shared/), and prints through format.ts.
 * Every action resolves to an exit code (exit-codes.ts); nothing here calls process.exit.
 */
import { Command, CommanderError, Option } from 'commander';
import { manifestPrefix } from '../naming/index.js';
import { DEFAULT_ENGINE_OPTIONS } from '../export/index.js';
import { ConfigError } from '../config/index.js';
import { readClients, ossSink } from './clients.js';
import { CliUsageError } from './errors.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor, isUnreachable, type ExitCode } from './exit-codes.js';
import { checksText, statusJson, statusText, verifyText } from './format.js';
import { loadConfig } from './load-config.js';
import { maskedConfig } from './mask.js';
import { onlineChecks } from './online-checks.js';
import { barReporter, jsonReporter, type Output } from './reporter.js';
import { parseTime, parseWindowCount, runExport } from './run-export.js';
import { readStatus } from './status.js';
import { collectVariables, VAR_ENV_PREFIX } from './variables.js';
import { verifyChain } from './verify.js';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output & { stream?: NodeJS.WritableStream };
  /** stdout is a terminal: progress bar instead of JSON lines. */
  readonly isTTY: boolean;
  readonly now: () => number;
}

interface Common {
  config: string;
  var: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function commonOptions(cmd: Command): Command {
  return cmd
    .requiredOption(
      '-c, --config <file>',
      'job config: native JSON(C) or a DataWorks/DataX otsstream→oss script',
    )
    .option(
      '--var <name=value>',
      `fill a \${name} placeholder (repeatable; also from ${VAR_ENV_PREFIX}<name> environment variables)`,
      collect,
      [],
    );
}

const exitHelp =
  '\nExit codes:\n' + EXIT_CODE_HELP.map(([code, text]) => `  ${code}  ${text}`).join('\n') + '\n';

async function load(io: CliIo, opts: Common, withNow: boolean) {
  const parsed = await loadConfig(opts.config, {
    variables: collectVariables(opts.var, io.env),
    ...(withNow ? { now: io.now() } : {}),
  });
  for (const w of parsed.warnings) io.stderr.write(`warning: ${w}\n`);
  return parsed.config;
}

function manifestRoot(name: string): string {
  return manifestPrefix({
    name,
    instance: '',
    table: '',
    objectTemplate: '',
    timeZone: 'UTC',
    controlPrefix: DEFAULT_ENGINE_OPTIONS.controlPrefix,
  });
}

export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('ots2oss')
    .description("Export a Tablestore table's Stream to OSS exactly once (CSV, text, Parquet).")
    .showHelpAfterError('(run ots2oss <command> --help for the options)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', exitHelp)
    .exitOverride();

  commonOptions(program.command('validate'))
    .description('parse and validate the config (offline); print it normalised with secrets masked')
    .option('--online', 'also check endpoints, credentials, table, stream, status table and bucket')
    .option('--json', 'print the normalised config as one JSON line')
    .addHelpText('after', exitHelp)
    .action(async (opts: Common & { online?: boolean; json?: boolean }) => {
      const config = await load(io, opts, false);
      const masked = maskedConfig(config);
      io.stdout.write(
        opts.json ? JSON.stringify(masked) + '\n' : JSON.stringify(masked, null, 2) + '\nconfig ok\n',
      );
      if (!opts.online) return;
      const checks = await onlineChecks(config, readClients(config, io.env), ossSink(config, io.env));
      io.stdout.write(checksText(checks) + '\n');
      if (checks.some((c) => c.state === 'failed')) setExit(EXIT.unreachable);
    });

  commonOptions(program.command('run'))
    .description(
      'plan and export the due windows in this process (a one-off DataX script: exactly its window)',
    )
    .addOption(new Option('--windows <n>', 'export at most n due windows').argParser(parseWindowCount))
    .addOption(
      new Option(
        '--until <time>',
        'export every due window ending at or before this time (ISO-8601 or epoch ms)',
      ).argParser((v) => parseTime('--until', v)),
    )
    .addOption(
      new Option(
        '--from <time>',
        'first run only: where the first window starts (ISO-8601 or epoch ms)',
      ).argParser((v) => parseTime('--from', v)),
    )
    .option('--retry-failed', 're-drive a window an earlier run left failed')
    .option('--json', 'one JSON summary line per window even on a terminal')
    .addHelpText('after', exitHelp)
    .action(
      async (
        opts: Common & {
          windows?: number;
          until?: number;
          from?: number;
          retryFailed?: boolean;
          json?: boolean;
        },
      ) => {
        if (opts.windows !== undefined && opts.until !== undefined)
          throw new CliUsageError('--windows and --until exclude each other; give one, e.g. --windows 3');
        const now = io.now();
        const config = await load(io, opts, true);
        const reporter =
          io.isTTY && !opts.json && io.stderr.stream
            ? barReporter(io.stdout, io.stderr.stream)
            : jsonReporter(io.stdout);
        let result;
        try {
          result = await runExport(
            {
              config,
              now,
              ...(opts.windows !== undefined ? { windows: opts.windows } : {}),
              ...(opts.until !== undefined ? { until: opts.until } : {}),
              ...(opts.from !== undefined ? { from: opts.from } : {}),
              ...(opts.retryFailed ? { retryFailed: true } : {}),
            },
            {
              onPlan: (n) => reporter.plan(n),
              onEvent: (e) => reporter.event(e),
              onWindow: (s) => reporter.window(s),
            },
          );
        } finally {
          reporter.stop();
        }
        if (result.error) {
          io.stderr.write(`error: ${result.error.code}: ${result.error.message}\n`);
          // A window that failed is exit 1, unless the cause is a service we could not reach.
          setExit(isUnreachable(result.error) ? EXIT.unreachable : EXIT.exportFailed);
        } else if (result.windows.length === 0) {
          io.stderr.write('no window is due yet (windows end at or before now − lag)\n');
        }
      },
    );

  commonOptions(program.command('verify'))
    .description("walk the manifest chain; check every object's size and CRC-64; report gaps and overlaps")
    .option('--json', 'print the report as one JSON line')
    .addHelpText('after', exitHelp)
    .action(async (opts: Common & { json?: boolean }) => {
      const config = await load(io, opts, false);
      const report = await verifyChain(ossSink(config, io.env), manifestRoot(config.name));
      io.stdout.write((opts.json ? JSON.stringify(report) : verifyText(report)) + '\n');
      if (report.problems.length > 0) setExit(EXIT.verifyProblems);
    });

  commonOptions(program.command('status'))
    .description('recent windows (state, rows, bytes, freshness) and the stream retention budget')
    .option('--json', 'print the report as one JSON line')
    .option('--limit <n>', 'how many recent windows', (v) => parseWindowCount(v), 20)
    .addHelpText('after', exitHelp)
    .action(async (opts: Common & { json?: boolean; limit: number }) => {
      const config = await load(io, opts, false);
      const report = await readStatus(config, readClients(config, io.env), {
        now: io.now(),
        limit: opts.limit,
      });
      io.stdout.write((opts.json ? statusJson(report) : statusText(report)) + '\n');
    });

  return program;
}

/** Runs the CLI; resolves to the exit code (errors are printed, never thrown). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version exit 0; anything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badConfig;
    }
    if (err instanceof ConfigError) {
      io.stderr.write(
        `error: invalid config (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}):\n`,
      );
      for (const p of err.problems) io.stderr.write(`  ${p}\n`);
    } else {
      const e = err as { code?: unknown; message?: unknown };
      io.stderr.write(
        `error: ${typeof e?.code === 'string' ? `${e.code}: ` : ''}${String(e?.message ?? err)}\n`,
      );
    }
    return exitCodeFor(err);
  }
}
