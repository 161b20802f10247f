import { SyncError } from '../errors.js';

/** An invalid job config: `message` lists every problem, one per line, each naming its field. */
export class ConfigError extends SyncError {
  /** One entry per problem, `path: what was wrong; e.g. example`. */
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = [message], options?: ErrorOptions) {
    super('CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
    this.problems = problems.length ? problems : [message];
  }
}
