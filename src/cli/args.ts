/**
 * Command-line parsing (SPEC §17.1): a small parser over `Deno.args`-style string arrays.
 * Usage errors are returned as data so the caller can print usage and exit 2.
 *
 * @module
 */

/** Commands of §17.1. */
export type Command = "run" | "sync-transactions" | "hash-password";

/** Parsed command line. */
export interface CliArgs {
  command: Command;
  config: string | null;
  once: boolean;
  logLevel: "DEBUG" | "INFO" | "WARNING" | "ERROR" | null;
  printConfigNormalized: boolean;
  noTelemetry: boolean;
  testPrefix: boolean;
  demo: boolean;
  json: boolean;
  port: number | null;
  help: boolean;
  start: string | null;
  end: string | null;
}

/** Parse outcome: arguments or a usage error message. */
export type ParseArgsResult = { ok: true; args: CliArgs } | { ok: false; error: string };

/** Usage text printed by `--help` and after usage errors. */
export const USAGE: string = `Usage:
  alert-orchestrator [run] [flags]
  alert-orchestrator sync-transactions [--start DATE] [--end DATE] [flags]
  alert-orchestrator hash-password            (reads a password from stdin)

Flags:
  --config PATH               configuration file (default config/orchestrator_config.yaml)
  --once                      run one evaluation, print the summary, exit
  --json                      with --once: print the /api/decisions JSON body instead
  --log-level LEVEL           DEBUG, INFO, WARNING or ERROR
  --print-config-normalized   print the canonical configuration as JSON and exit
  --no-telemetry              scheduler without the HTTP server
  --port N                    HTTP port (overrides telemetry.listen_port; 0 = any free port)
  --demo                      run against the embedded demo database
  --test-prefix               transaction sync writes go to test_* tables
  --start DATE, --end DATE    sync window (sync-transactions)
  -h, --help                  show this help
`;

const BOOLEAN_FLAGS: Record<string, keyof CliArgs> = {
  "--once": "once",
  "--print-config-normalized": "printConfigNormalized",
  "--no-telemetry": "noTelemetry",
  "--test-prefix": "testPrefix",
  "--demo": "demo",
  "--json": "json",
  "--help": "help",
  "-h": "help",
};

const VALUE_FLAGS = ["--config", "--log-level", "--port", "--start", "--end"];
const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;

/**
 * Parses command-line arguments (§17.1). `--flag=value` and `--flag value` are both accepted.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const r = parseArgs(["--once", "--config", "x.yaml"]);
 * console.assert(r.ok && r.args.once && r.args.config === "x.yaml");
 * console.assert(!parseArgs(["--bogus"]).ok);
 * ```
 */
export function parseArgs(argv: readonly string[]): ParseArgsResult {
  const args: CliArgs = {
    command: "run",
    config: null,
    once: false,
    logLevel: null,
    printConfigNormalized: false,
    noTelemetry: false,
    testPrefix: false,
    demo: false,
    json: false,
    port: null,
    help: false,
    start: null,
    end: null,
  };
  let commandSeen = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | null = null;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg in BOOLEAN_FLAGS) {
      if (inline !== null) return { ok: false, error: `flag ${arg} takes no value` };
      (args as unknown as Record<string, unknown>)[BOOLEAN_FLAGS[arg]] = true;
      continue;
    }
    if (VALUE_FLAGS.includes(arg)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === null && value.startsWith("--"))) {
        return { ok: false, error: `flag ${arg} needs a value` };
      }
      const err = setValue(args, arg, value);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (arg.startsWith("-")) return { ok: false, error: `unknown flag: ${arg}` };
    if (commandSeen) return { ok: false, error: `unexpected argument: ${arg}` };
    if (arg !== "run" && arg !== "sync-transactions" && arg !== "hash-password") {
      return { ok: false, error: `unknown command: ${arg}` };
    }
    args.command = arg;
    commandSeen = true;
  }
  if ((args.start !== null || args.end !== null) && args.command !== "sync-transactions") {
    return { ok: false, error: "--start/--end apply only to sync-transactions" };
  }
  return { ok: true, args };
}

function setValue(args: CliArgs, flag: string, value: string): string | null {
  switch (flag) {
    case "--config":
      args.config = value;
      return null;
    case "--log-level": {
      let level = value.toUpperCase();
      if (level === "WARN") level = "WARNING";
      if (!(LEVELS as readonly string[]).includes(level)) {
        return `invalid --log-level ${JSON.stringify(value)}: must be one of ${LEVELS.join(", ")}`;
      }
      args.logLevel = level as CliArgs["logLevel"];
      return null;
    }
    case "--port": {
      if (!/^\d+$/.test(value) || Number(value) > 65535) {
        return `invalid --port ${JSON.stringify(value)}: must be an integer 0..65535`;
      }
      args.port = Number(value);
      return null;
    }
    case "--start":
      args.start = value;
      return null;
    default:
      args.end = value;
      return null;
  }
}
