import { Loggers } from 'moleculer';
import { requestScope } from '../mixins/request-context.middleware';
import type { AppConfig } from './config';

type Bindings = Parameters<InstanceType<typeof Loggers.Console>['getFormatter']>[0];
type Formatter = (type: string, args: unknown[]) => string[];

/** Moleculer's console logger, with the current request id at the front of each line's message. */
class RequestIdLogger extends Loggers.Console {
  override getFormatter(bindings: Bindings): Formatter {
    const base = super.getFormatter(bindings) as Formatter;
    return (type, args) => {
      const id = requestScope.getStore();
      return base(type, id ? [`[req=${id}]`, ...args] : args);
    };
  }
}

export function createLogger(cfg: AppConfig) {
  return new RequestIdLogger({
    level: cfg.log.level,
    formatter: cfg.log.format === 'json' ? 'json' : 'full',
    colors: cfg.log.format !== 'json' && process.stdout.isTTY === true,
    moduleColors: false,
    autoPadding: false,
  });
}
