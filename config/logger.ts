import { Loggers } from 'moleculer';
import { maskPiiInText } from '../mixins/pii/mask';
import { requestScope } from '../mixins/request-context.middleware';
import type { AppConfig } from './config';

type Bindings = Parameters<InstanceType<typeof Loggers.Console>['getFormatter']>[0];
type Formatter = (type: string, args: unknown[]) => string[];

/**
 * Moleculer's console logger, with the current request id at the front of each line's message and
 * every email address and phone number masked (`jo***@example.com`, `***5678`).
 */
class RequestIdLogger extends Loggers.Console {
  constructor(
    opts: ConstructorParameters<typeof Loggers.Console>[0],
    private readonly sink?: LogSink,
  ) {
    super(opts);
  }

  override getLogHandler(bindings: Bindings) {
    const handler = super.getLogHandler(bindings);
    const sink = this.sink;
    if (!handler || !sink) return handler;
    const level = this.getLogLevel(bindings.mod);
    const formatter = this.getFormatter(bindings);
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
    return (type: string, args: unknown[]) => {
      if (levels.indexOf(type) <= levels.indexOf(String(level))) sink(formatter(type, args).map(String).join(' '));
    };
  }

  override getFormatter(bindings: Bindings): Formatter {
    const base = super.getFormatter(bindings) as Formatter;
    return (type, args) => {
      const id = requestScope.getStore();
      // Masked after formatting, so an address inside a logged object or error is caught too.
      return base(type, id ? [`[req=${id}]`, ...args] : args).map((part) =>
        typeof part === 'string' ? maskPiiInText(part) : part,
      );
    };
  }
}

/** Receives each formatted line instead of the console (tests read what would have been logged). */
export type LogSink = (line: string) => void;

export function createLogger(cfg: AppConfig, sink?: LogSink) {
  return new RequestIdLogger(
    {
      level: cfg.log.level,
      formatter: cfg.log.format === 'json' ? 'json' : 'full',
      colors: cfg.log.format !== 'json' && process.stdout.isTTY === true,
      moduleColors: false,
      autoPadding: false,
    },
    sink,
  );
}
