/**
 * Cleanup of old diagnostics files (SPEC §15.6), confined to `visualization.diagnostics.dir`:
 * every configured path is resolved (symlinks included) and must lie inside that directory;
 * walks never follow symbolic links; only regular files with a listed extension and an mtime
 * before the cut-off are deleted; directories never are.
 *
 * File IO goes through an injected {@link CleanupFs} (`denoFs` of `src/adapters/deno_fs.ts`
 * in the program), so this module stays Web-only.
 *
 * @module
 */

import { type Config, parseConfigDateTime } from "../config/mod.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { CleanupFs } from "./fs.ts";

/** Options of {@link runCleanup}. */
export interface CleanupOptions {
  /** Directories to clean (`maintenance.cleanup.paths`); relative paths resolve against `cwd`. */
  paths: readonly string[];
  /** `visualization.diagnostics.dir`: nothing outside it is ever touched. */
  diagnosticsDir: string;
  /** Lower-cased extensions with their dot, e.g. `[".png", ".svg"]`. */
  extensions: readonly string[];
  /** Files whose mtime is strictly before this instant (epoch ms) are deleted. */
  cutoffMs: number;
  logger?: Logger;
  /** File operations (`denoFs` in the program, a fake in tests). */
  fs: CleanupFs;
  /** Base for relative paths; default `fs.cwd()`. */
  cwd?: string;
}

/** What a cleanup did. */
export interface CleanupReport {
  deleted: number;
  deletedPaths: string[];
  /** Configured paths that were not walked, with the reason. */
  skipped: { path: string; reason: string }[];
  cutoffIso: string;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const RELATIVE_RE = /^(\d+(?:\.\d+)?)([smhdw])$/i;

/**
 * The cut-off of `maintenance.cleanup.expire_before` (§15.6, §2.3.6): a relative duration
 * (`7d`, `36h`, `1.5w`; case-insensitive) is subtracted from `nowMs`; an absolute ISO
 * datetime is read as is, naive values as wall time in `timezone` (§23.12).
 *
 * @example
 * ```ts
 * import { parseExpireBefore } from "./cleanup.ts";
 * parseExpireBefore("7d", Date.UTC(2025, 0, 8), "UTC") === Date.UTC(2025, 0, 1); // true
 * parseExpireBefore("2025-01-01T00:00:00Z", 0, "UTC") === Date.UTC(2025, 0, 1); // true
 * ```
 */
export function parseExpireBefore(s: string, nowMs: number, timezone: string): number {
  const text = s.trim();
  const rel = RELATIVE_RE.exec(text);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()];
  try {
    return parseConfigDateTime(text, timezone);
  } catch (err) {
    throw new RangeError(
      `Invalid expire_before ${JSON.stringify(s)}: expected a duration like 7d or an ISO datetime`,
      { cause: err },
    );
  }
}

/**
 * Deletes old diagnostics files (§15.6) and logs `Cleanup: deleted <n> files older than
 * <ISO cut-off>`. Paths outside the diagnostics directory (after resolving `..` and
 * symlinks) are skipped with a WARNING; per-file errors are logged and do not stop the run.
 *
 * @example
 * ```ts ignore
 * import { runCleanup } from "./cleanup.ts";
 * import { denoFs } from "../adapters/deno_fs.ts";
 * const report = await runCleanup({
 *   fs: denoFs,
 *   paths: ["output"],
 *   diagnosticsDir: "output",
 *   extensions: [".png", ".svg"],
 *   cutoffMs: Date.now() - 7 * 86_400_000,
 * });
 * console.log(report.deleted);
 * ```
 */
export async function runCleanup(opts: CleanupOptions): Promise<CleanupReport> {
  const log = opts.logger ?? silentLogger;
  const fs = opts.fs;
  const sep = fs.separator;
  const cwd = opts.cwd ?? fs.cwd();
  const cutoffIso = new Date(opts.cutoffMs).toISOString();
  const report: CleanupReport = { deleted: 0, deletedPaths: [], skipped: [], cutoffIso };
  const extensions = new Set(opts.extensions.map((e) => e.toLowerCase()));
  const root = await realPathOrNull(fs, absolute(opts.diagnosticsDir, cwd, sep));
  if (root === null) {
    for (const path of opts.paths) report.skipped.push({ path, reason: "diagnostics dir missing" });
  } else {
    const seen = new Set<string>();
    for (const path of opts.paths) {
      const real = await realPathOrNull(fs, absolute(path, cwd, sep));
      if (real === null) {
        report.skipped.push({ path, reason: "does not exist" });
        continue;
      }
      const reason = !isInside(real, root, sep)
        ? `resolves outside the diagnostics directory (${real})`
        : seen.has(real)
        ? "listed twice"
        : null;
      if (reason !== null) {
        report.skipped.push({ path, reason });
        log.warning(`Cleanup: skipping ${path}: ${reason}`);
        continue;
      }
      seen.add(real);
      if (!(await fs.lstat(real)).isDirectory) {
        report.skipped.push({ path, reason: "not a directory" });
        log.warning(`Cleanup: skipping ${path}: not a directory`);
        continue;
      }
      await walk(real, { fs, extensions, cutoffMs: opts.cutoffMs, log, report });
    }
  }
  log.info(`Cleanup: deleted ${report.deleted} files older than ${cutoffIso}`);
  return report;
}

interface WalkContext {
  fs: CleanupFs;
  extensions: Set<string>;
  cutoffMs: number;
  log: Logger;
  report: CleanupReport;
}

async function walk(dir: string, ctx: WalkContext): Promise<void> {
  const { fs } = ctx;
  let names: string[];
  try {
    names = await fs.readDir(dir);
  } catch (err) {
    ctx.log.warning(`Cleanup: cannot read ${dir}: ${(err as Error).message}`);
    return;
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const full = join(dir, name, fs.separator);
    try {
      // lstat: a symlink is never followed, whatever it points at.
      const info = await fs.lstat(full);
      if (info.isSymlink) continue;
      if (info.isDirectory) {
        await walk(full, ctx);
        continue;
      }
      if (!info.isFile || !ctx.extensions.has(extensionOf(name))) continue;
      if (info.mtimeMs === null || info.mtimeMs >= ctx.cutoffMs) continue;
      await fs.remove(full);
      ctx.report.deleted++;
      ctx.report.deletedPaths.push(full);
    } catch (err) {
      ctx.log.warning(`Cleanup: cannot delete ${full}: ${(err as Error).message}`);
    }
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot).toLowerCase();
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\");
}

function absolute(path: string, cwd: string, sep: string): string {
  return isAbsolute(path) ? path : join(cwd, path, sep);
}

function join(dir: string, name: string, sep: string): string {
  return dir.endsWith(sep) || dir.endsWith("/") ? dir + name : dir + sep + name;
}

function isInside(path: string, root: string, sep: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function realPathOrNull(fs: CleanupFs, path: string): Promise<string | null> {
  try {
    return await fs.realPath(path);
  } catch {
    return null;
  }
}

/** Options of {@link createCleanupSchedule}. */
export interface CleanupScheduleOptions {
  logger?: Logger;
  /** Clock (epoch ms); default `Date.now`. */
  now?: () => number;
  /** File operations (`denoFs` in the program, a fake in tests). */
  fs: CleanupFs;
  /** Base for relative paths; default `fs.cwd()`. */
  cwd?: string;
  /** Minimum time between runs of {@link CleanupSchedule.runIfDue}; default one hour (§11.7). */
  intervalMs?: number;
}

/** Cleanup bound to the configuration, with the §11.7 cadence. */
export interface CleanupSchedule {
  /** Runs now (startup). Null when cleanup is disabled or a run is in progress. */
  runNow(): Promise<CleanupReport | null>;
  /** Runs if at least `intervalMs` passed since the last run (after an evaluation). */
  runIfDue(): Promise<CleanupReport | null>;
}

/**
 * `maintenance.cleanup` as a schedule (§11.7, §15.6): call `runNow()` at startup and
 * `runIfDue()` after each published evaluation. Disabled cleanup does nothing; errors are
 * logged at ERROR and never thrown.
 *
 * @example
 * ```ts ignore
 * import { createCleanupSchedule } from "./cleanup.ts";
 * import { denoFs } from "../adapters/deno_fs.ts";
 * const cleanup = createCleanupSchedule(config, { fs: denoFs, logger });
 * await cleanup.runNow();
 * // after each evaluation:
 * await cleanup.runIfDue();
 * ```
 */
export function createCleanupSchedule(
  config: Config,
  opts: CleanupScheduleOptions,
): CleanupSchedule {
  const c = config.maintenance.cleanup;
  const dir = config.visualization.diagnostics.dir;
  const now = opts.now ?? Date.now;
  const log = opts.logger ?? silentLogger;
  const intervalMs = opts.intervalMs ?? 3_600_000;
  let lastRunMs: number | null = null;
  let running = false;
  const run = async (): Promise<CleanupReport | null> => {
    if (!c.enabled || running) return null;
    running = true;
    const startedMs = now();
    try {
      return await runCleanup({
        paths: c.paths ?? [dir],
        diagnosticsDir: dir,
        extensions: c.extensions,
        cutoffMs: parseExpireBefore(c.expire_before, startedMs, config.settings.timezone),
        logger: log,
        fs: opts.fs,
        cwd: opts.cwd,
      });
    } catch (err) {
      log.error(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    } finally {
      lastRunMs = startedMs;
      running = false;
    }
  };
  return {
    runNow: run,
    runIfDue: () =>
      lastRunMs !== null && now() - lastRunMs < intervalMs ? Promise.resolve(null) : run(),
  };
}
