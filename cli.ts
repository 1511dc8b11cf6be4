/**
 * Command-line entry point (SPEC §17): one-shot evaluation, server mode, config doctor,
 * transaction sync and `hash-password`. This is a composition root: it reads flags, env and
 * files and hands plain values to the Web-only core.
 *
 * @example
 * ```ts ignore
 * import { main } from "./cli.ts";
 * Deno.exit(await main(["--once", "--demo"]));
 * ```
 *
 * @module
 */
import { parseArgs, USAGE } from "./src/cli/args.ts";
import { type CliContext, loadCliConfig, loadRegistry } from "./src/cli/load.ts";
import { createLogger, type Logger, type LogLevel } from "./src/log.ts";
import { type Config, normalizedConfigJson, type TokenRegistry } from "./src/config/mod.ts";
import { createRuntime, greptimeUrl } from "./src/jobs/runtime.ts";
import { runEvaluation } from "./src/jobs/evaluation.ts";
import { formatSummaryLine } from "./src/evaluate/mod.ts";
import { safeJson } from "./src/http/json.ts";
import { startDemoFor } from "./src/demo/cli_demo.ts";
import type { EvaluationRecord } from "./src/evaluate/types.ts";
import { createSyncRunner, SyncInputError } from "./src/jobs/sync.ts";
import { VERSION } from "./src/version.ts";
import { denoFs } from "./src/adapters/deno_fs.ts";
import { createFileJobs } from "./src/jobs/file_jobs.ts";
import { resolveChartForDrawing } from "./src/chart/mod.ts";
import type { GreptimeClient } from "./src/greptime/types.ts";

/** Process I/O used by {@link main}; tests inject their own. */
export interface CliIo {
  /** Writes one line to standard output (summary lines, JSON, usage). */
  stdout(line: string): void;
  /** Writes one line to standard error (log lines, errors). */
  stderr(line: string): void;
  /** Environment variables (`*_env` config values, §2.2). */
  env: Record<string, string | undefined>;
  /** Reads a UTF-8 text file (config, token registry). */
  readTextFile(path: string): Promise<string>;
  /** Reads all of standard input (`hash-password`). */
  readStdin(): Promise<string>;
  /** Clock in epoch ms. */
  now(): number;
  /** Fetch for GreptimeDB and the price APIs. */
  fetch: typeof fetch;
}

function defaultIo(): CliIo {
  const enc = new TextEncoder();
  return {
    stdout: (line) => Deno.stdout.writeSync(enc.encode(line + "\n")),
    stderr: (line) => Deno.stderr.writeSync(enc.encode(line + "\n")),
    env: Deno.env.toObject(),
    readTextFile: (p) => Deno.readTextFile(p),
    readStdin: async () => await new Response(Deno.stdin.readable).text(),
    now: () => Date.now(),
    fetch: globalThis.fetch,
  };
}

/**
 * Runs the program with `args` and resolves to the exit code (§17.4): 0 success, 1 config or
 * runtime failure, 2 usage error.
 *
 * @example
 * ```ts
 * import { type CliIo, main } from "./cli.ts";
 * const out: string[] = [];
 * const err: string[] = [];
 * const io: CliIo = {
 *   stdout: (line) => void out.push(line),
 *   stderr: (line) => void err.push(line),
 *   env: {},
 *   readTextFile: (path) => Promise.reject(new Error(`no file ${path}`)),
 *   readStdin: () => Promise.resolve(""),
 *   now: () => Date.UTC(2025, 0, 1),
 *   fetch: () => Promise.reject(new TypeError("offline")),
 * };
 * console.assert((await main(["--help"], io)) === 0 && out[0].startsWith("Usage"));
 * console.assert((await main(["--no-such-flag"], io)) === 2 && err[0].startsWith("error:"));
 * ```
 */
export async function main(args: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.error}`);
    io.stderr(USAGE.trimEnd());
    return 2;
  }
  const a = parsed.args;
  if (a.help) {
    io.stdout(USAGE.trimEnd());
    return 0;
  }
  if (a.command === "hash-password") return await hashPasswordCommand(io);

  const loaded = await loadCliConfig(a, io);
  if (!loaded.ok) return 1;
  const level: LogLevel = a.logLevel ?? loaded.config.settings.log_level;
  const logger = createLogger(level, io.stderr);
  for (const w of loaded.warnings) logger.warning(w);
  const ctx: CliContext = { ...loaded, logger };

  const registry = await loadRegistry(ctx, io);
  if (!registry.ok) return 1;
  if (a.printConfigNormalized) {
    io.stdout(normalizedConfigJson(ctx.config, {
      source: ctx.source,
      schema: ctx.schema,
      warnings: ctx.warnings,
    }));
    return 0;
  }
  if (a.testPrefix) logger.warning("Test mode: transaction sync writes go to test_* tables");

  const demo = a.demo ? await startDemoFor(ctx.config, io.now()) : null;
  try {
    const config = demo ? demo.config : ctx.config;
    if (a.command === "sync-transactions") {
      return await syncCommand({ ...ctx, config }, a, io, registry.registry);
    }
    if (a.once) {
      return await onceCommand({ ...ctx, config }, a.json, io, registry, logger);
    }
    const server = await import("./server.ts");
    return await server.runServerMode({
      config,
      source: ctx.source,
      schema: ctx.schema,
      warnings: ctx.warnings,
      registry: registry.registry,
      registryValidatedLine: registry.validatedLine,
      registryWarnings: registry.warnings,
      logger,
      noTelemetry: a.noTelemetry,
      port: a.port,
      testPrefix: a.testPrefix,
      fetch: io.fetch,
    });
  } finally {
    await demo?.close();
  }
}

async function onceCommand(
  ctx: CliContext,
  json: boolean,
  io: CliIo,
  registry: Awaited<ReturnType<typeof loadRegistry>> & { ok: true },
  logger: Logger,
): Promise<number> {
  logger.info(`Loaded configuration from ${ctx.source}`);
  const runtime = createRuntime(ctx.config, {
    fetch: io.fetch,
    logger,
    registry: registry.registry,
    version: VERSION,
  });
  logger.info(`Initialized GreptimeDB reader: ${greptimeUrl(ctx.config)}`);
  if (registry.validatedLine) logger.info(registry.validatedLine);
  for (const w of registry.warnings) logger.warning(w);
  const record = await runEvaluation(runtime.runDeps, { now: io.now(), evaluationId: 1 });
  if (json) {
    io.stdout(JSON.stringify(JSON.parse(safeJson(jsonBody(record))), null, 2));
  } else {
    for (const r of record.results) io.stdout(formatSummaryLine(r));
  }
  await onceFiles(ctx.config, record, logger, runtime.greptime);
  return record.results.length === 1 && record.results[0].asset === "_all_" ? 1 : 0;
}

/**
 * One-shot file jobs after the output: one cleanup (§15.6), then the diagnostics files when
 * enabled (§15.5; the seed's "Check Diagnostic Charts" step follows `--once`). Failures are
 * logged, never change stdout or the exit code.
 */
async function onceFiles(
  config: Config,
  record: EvaluationRecord,
  logger: Logger,
  greptime: GreptimeClient,
): Promise<void> {
  const { renderPng } = await import("./src/chart/png.ts");
  const files = createFileJobs(config, {
    fs: denoFs,
    logger,
    render: renderPng,
    resolveChart: (chart) => resolveChartForDrawing(chart, greptime),
  });
  files.startup();
  await files.afterRecord(record);
  await files.drain();
}

/**
 * The `/api/decisions` body of a fresh record (§17.2), wallets carrying their full address in
 * an extra `address` field (the CLI is the one surface allowed to show it, §0.5).
 */
function jsonBody(record: EvaluationRecord): Record<string, unknown> {
  const decisions: Record<string, unknown> = {};
  record.results.forEach((r, i) => {
    const addresses = record.details[i]?.walletAddresses ?? [];
    decisions[r.asset] = {
      ...r,
      t0_ms: record.details[i]?.t0Ms ?? null,
      t1_ms: record.details[i]?.t1Ms ?? null,
      wallets: r.wallets.map((w, j) => ({ ...w, address: addresses[j] ?? null })),
    };
  });
  return {
    evaluation_id: record.evaluation_id,
    evaluated_at: record.finished_at,
    duration_ms: record.duration_ms,
    stale: false,
    age_seconds: 0,
    decisions,
  };
}

async function syncCommand(
  ctx: CliContext,
  a: { start: string | null; end: string | null; testPrefix: boolean },
  io: CliIo,
  registry: TokenRegistry | null,
): Promise<number> {
  const runtime = createRuntime(ctx.config, { fetch: io.fetch, logger: ctx.logger, registry });
  const runner = createSyncRunner({
    config: ctx.config,
    greptime: runtime.greptime,
    now: io.now,
    logger: ctx.logger,
    testPrefix: a.testPrefix,
    fetch: io.fetch,
  });
  try {
    const report = await runner.run({ startDate: a.start, endDate: a.end });
    io.stdout(JSON.stringify(report, null, 2));
    return report.success ? 0 : 1;
  } catch (err) {
    if (err instanceof SyncInputError) {
      io.stderr(`error: ${err.message}`);
      return 2;
    }
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

async function hashPasswordCommand(io: CliIo): Promise<number> {
  const { hashPassword } = await import("./src/http/password.ts");
  const password = (await io.readStdin()).replace(/\r?\n$/, "");
  if (password === "") {
    io.stderr("error: empty password on stdin");
    return 1;
  }
  io.stdout(await hashPassword(password));
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
