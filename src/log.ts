/**
 * Minimal logger contract (SPEC §17.3: `<LEVEL> - <message>` on stderr). The core only
 * receives a `Logger`; `cli.ts`/`server.ts` decide where lines go.
 *
 * @module
 */

/** Log levels in increasing severity. */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** A logger injected into the core. */
export interface Logger {
  /** Logs a DEBUG line (details, full addresses allowed, §0.5). */
  debug(message: string): void;
  /** Logs an INFO line. */
  info(message: string): void;
  /** Logs a WARNING line (non-fatal problem). */
  warning(message: string): void;
  /** Logs an ERROR line. */
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/**
 * Creates a logger writing `<LEVEL> - <message>` lines through `write` for levels at or
 * above `level`.
 *
 * @example
 * ```ts
 * import { createLogger } from "./log.ts";
 * const lines: string[] = [];
 * const log = createLogger("INFO", (line) => lines.push(line));
 * log.debug("hidden");
 * log.info("shown");
 * console.assert(lines.length === 1 && lines[0] === "INFO - shown");
 * ```
 */
export function createLogger(level: LogLevel, write: (line: string) => void): Logger {
  const emit = (l: LogLevel) => (message: string) => {
    if (ORDER[l] >= ORDER[level]) write(`${l} - ${message}`);
  };
  return {
    debug: emit("DEBUG"),
    info: emit("INFO"),
    warning: emit("WARNING"),
    error: emit("ERROR"),
  };
}

/** A logger that drops everything (default for library use and tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
};
