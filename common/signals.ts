/**
 * Signal handling for the programs' composition roots (only main.ts files install handlers):
 * SIGTERM or SIGINT asks for a graceful stop (once; a second is logged and ignored, the
 * program's own deadline bounds the stop), SIGHUP asks for a reload.
 */
import type { Logger } from './logger.js';

export interface Signals {
  /** Resolves with the first SIGTERM/SIGINT. */
  readonly stop: Promise<NodeJS.Signals>;
  /** Removes the handlers. */
  remove(): void;
}

export function onSignals(logger: Logger, onReload: () => void): Signals {
  let resolveStop!: (signal: NodeJS.Signals) => void;
  const stop = new Promise<NodeJS.Signals>((resolve) => {
    resolveStop = resolve;
  });
  let stopping = false;
  const onStop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('already shutting down', { signal });
      return;
    }
    stopping = true;
    resolveStop(signal);
  };
  const onHup = (): void => onReload();
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', onHup);
  return {
    stop,
    remove: () => {
      process.off('SIGTERM', onStop);
      process.off('SIGINT', onStop);
      process.off('SIGHUP', onHup);
    },
  };
}
