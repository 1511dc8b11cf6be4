/**
 * Typed configuration errors (SPEC §2.1.5). A `ConfigError` carries every problem
 * found in one file, each located at the YAML node the user wrote.
 *
 * @module
 */

/** One located configuration problem. `line`/`col` are 1-based. */
export interface ConfigProblem {
  /** The configuration file name as given by the caller (`sourceName`). */
  file: string;
  /** 1-based line of the offending YAML node. */
  line: number;
  /** 1-based column of the offending YAML node. */
  col: number;
  /** Dotted key path as written in the user's file (`orchestrator.safety_factor.c`). */
  path: string;
  /** What is wrong, with the current value (`must be in (0, 1], got 1.5`). */
  message: string;
}

/**
 * Renders one problem as the single stderr line of §2.1.5.
 *
 * @example
 * ```ts
 * import { formatConfigProblem } from "./errors.ts";
 * const line = formatConfigProblem({ file: "c.yaml", line: 3, col: 5, path: "a.b", message: "required" });
 * console.assert(line === "config error: c.yaml:3:5: a.b: required");
 * ```
 */
export function formatConfigProblem(p: ConfigProblem): string {
  const path = p.path === "" ? "(root)" : p.path;
  return `config error: ${p.file}:${p.line}:${p.col}: ${path}: ${p.message}`;
}

/**
 * Thrown by `parseConfig` when the file has one or more problems; all of them are
 * collected in `problems` (in file order).
 *
 * @example
 * ```ts
 * import { ConfigError } from "./errors.ts";
 * const err = new ConfigError([{ file: "c.yaml", line: 1, col: 1, path: "foo", message: "unknown key" }]);
 * console.assert(err.format() === "config error: c.yaml:1:1: foo: unknown key");
 * ```
 */
export class ConfigError extends Error {
  /** Every problem found, sorted by line then column. */
  readonly problems: ConfigProblem[];

  /** Creates the error from its problems (sorted by position for stable output). */
  constructor(problems: ConfigProblem[], options?: { cause?: unknown }) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
    super(sorted.map(formatConfigProblem).join("\n"), options);
    this.name = "ConfigError";
    this.problems = sorted;
  }

  /** All problems, one `config error: <file>:<line>:<col>: <path>: <message>` line each. */
  format(): string {
    return this.problems.map(formatConfigProblem).join("\n");
  }

  /** The problem lines as an array (one per problem). */
  lines(): string[] {
    return this.problems.map(formatConfigProblem);
  }
}
