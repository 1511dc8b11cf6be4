/**
 * Loading the configuration and token registry for the CLI (SPEC §2.1, §2.7, §2.8, §18.2).
 * Problems are printed as located lines; the caller exits 1.
 *
 * @module
 */
import {
  type Config,
  ConfigError,
  parseConfig,
  parseTokenRegistry,
  registryCoverage,
  registryRequired,
  type TokenRegistry,
  TokenRegistryError,
} from "../config/mod.ts";
import { ConfigSchema } from "../config/schema.ts";
import { demoConfigInput } from "../demo/demo_config.ts";
import type { Logger } from "../log.ts";
import type { CliArgs } from "./args.ts";

/** Default configuration path (§2.1.1). */
export const DEFAULT_CONFIG_PATH = "config/orchestrator_config.yaml";

/** What the CLI needs from its I/O to load files. */
export interface LoadIo {
  stderr(line: string): void;
  env: Record<string, string | undefined>;
  readTextFile(path: string): Promise<string>;
}

/** A loaded configuration with its provenance. */
export interface LoadedConfig {
  ok: true;
  config: Config;
  source: string;
  schema: "seed" | "v2" | "demo";
  warnings: string[];
}

/** Loaded configuration plus the logger built from it. */
export interface CliContext extends LoadedConfig {
  logger: Logger;
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err.name === "NotFound" || /No such file/i.test(err.message));
}

function reason(err: unknown): string {
  if (isNotFound(err)) return "file not found";
  return err instanceof Error ? err.message : String(err);
}

/**
 * Loads the configuration named by `--config` (or the default path); with `--demo` and no
 * `--config`, the built-in demo configuration (§18.2).
 */
export async function loadCliConfig(
  args: Pick<CliArgs, "config" | "demo">,
  io: LoadIo,
): Promise<LoadedConfig | { ok: false }> {
  if (args.demo && args.config === null) {
    return {
      ok: true,
      config: ConfigSchema.parse(demoConfigInput()) as Config,
      source: "<demo>",
      schema: "demo",
      warnings: [],
    };
  }
  const path = args.config ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = await io.readTextFile(path);
  } catch (err) {
    io.stderr(`config error: ${path}: cannot read configuration: ${reason(err)}`);
    return { ok: false };
  }
  try {
    const parsed = parseConfig(text, { env: io.env, sourceName: path });
    return {
      ok: true,
      config: parsed.config,
      source: path,
      schema: parsed.schema,
      warnings: parsed.warnings,
    };
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.message.split("\n")) io.stderr(line);
      return { ok: false };
    }
    throw err;
  }
}

/** Outcome of loading the token registry. */
export type RegistryLoad =
  | {
    ok: true;
    registry: TokenRegistry | null;
    validatedLine: string | null;
    warnings: string[];
  }
  | { ok: false };

/**
 * Loads and validates the token registry (§2.8): required only when `minswap_aggregator` is
 * used; a present file is always validated.
 */
export async function loadRegistry(
  ctx: { config: Config },
  io: LoadIo,
): Promise<RegistryLoad> {
  const path = ctx.config.prices.token_registry_path;
  let text: string | null = null;
  try {
    text = await io.readTextFile(path);
  } catch (err) {
    if (!isNotFound(err) || registryRequired(ctx.config)) {
      io.stderr(`token registry error: ${path}:0: cannot read file: ${reason(err)}`);
      return { ok: false };
    }
  }
  if (text === null) return { ok: true, registry: null, validatedLine: null, warnings: [] };
  let registry: TokenRegistry;
  try {
    registry = parseTokenRegistry(text, path);
  } catch (err) {
    if (err instanceof TokenRegistryError) {
      for (const line of err.message.split("\n")) io.stderr(line);
      return { ok: false };
    }
    throw err;
  }
  const coverage = registryCoverage(ctx.config, registry);
  const warnings = coverage.missing.length > 0
    ? [
      `Token registry has no row for: ${
        coverage.missing.join(", ")
      } (Minswap API prices unavailable for them)`,
    ]
    : [];
  return {
    ok: true,
    registry,
    validatedLine: `Token registry validated for assets: ${coverage.covered.join(", ")}`,
    warnings,
  };
}
