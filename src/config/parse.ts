/**
 * `parseConfig`: YAML text → canonical, validated `Config` (SPEC §2.1–§2.6). Every
 * problem is collected and reported at the line:column and key path the user wrote.
 *
 * @module
 */
import type { z } from "zod";
import { CanonBuilder, type PathProblem, type Raw } from "./builder.ts";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { applyAliases, type Env, normalizeValues, resolveEnv, V2_SECTIONS } from "./passes.ts";
import { checkRules } from "./rules.ts";
import { ConfigSchema } from "./schema.ts";
import { mapSeed } from "./seed_map.ts";
import type { Config } from "./types_gen.ts";
import {
  displayPath,
  type KeyPath,
  loadYaml,
  locate,
  type NodeLocation,
  pathKey,
  typeName,
} from "./yaml_source.ts";

/** Options of `parseConfig`. */
export interface ParseConfigOptions {
  /** Environment for `*_env` keys (default: none set). */
  env?: Record<string, string | undefined>;
  /** File name used in error lines (default `config.yaml`). */
  sourceName?: string;
  /** Working directory for resolving relative cleanup paths (default: compared lexically). */
  cwd?: string;
}

/** Result of `parseConfig`. */
export interface ParsedConfig {
  /** Canonical configuration with every default filled (§2.3). */
  config: Config;
  /** Warnings to log at WARNING and list in the normalized output (§2.1.6). */
  warnings: string[];
  /** Which file schema was detected (§2.1.3). */
  schema: "seed" | "v2";
}

const SEED_SECTIONS = ["client", "orchestrator"];

function detectSchema(doc: Raw, problems: PathProblem[]): "seed" | "v2" | null {
  let seed = false, v2 = false;
  for (const key of Object.keys(doc)) {
    const family = SEED_SECTIONS.includes(key) ? "seed" : V2_SECTIONS.includes(key) ? "v2" : null;
    if (family === null) {
      problems.push({ path: [key], message: "unknown key", atKey: true });
      continue;
    }
    if ((family === "seed" && v2) || (family === "v2" && seed)) {
      problems.push({
        path: [key],
        message: "cannot mix seed (client/orchestrator) and v2 sections",
        atKey: true,
      });
      return null;
    }
    if (family === "seed") seed = true;
    else v2 = true;
  }
  return seed ? "seed" : "v2";
}

function expectedName(t: unknown): string {
  return t === "object" ? "mapping" : t === "array" ? "list" : String(t);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

type Issue = z.core.$ZodIssue;

function issueProblems(
  issue: Issue,
  root: unknown,
  out: PathProblem[],
  prefix: KeyPath = [],
): void {
  const path = [...prefix, ...issue.path] as (string | number)[];
  const input = valueAt(root, path);
  switch (issue.code) {
    case "unrecognized_keys":
      for (const k of issue.keys) {
        out.push({ path: [...path, k], message: "unknown key", atKey: true });
      }
      return;
    case "invalid_type": {
      if (input === undefined) out.push({ path, message: "required" });
      else if (typeof input === "number" && !Number.isFinite(input)) {
        out.push({ path, message: `expected finite number, got ${input}` });
      } else {
        out.push({
          path,
          message: `expected ${expectedName(issue.expected)}, got ${typeName(input)}`,
        });
      }
      return;
    }
    case "invalid_union": {
      // Prefer a branch that got past the top-level type check (e.g. a list with a bad item).
      const deep = issue.errors.find((branch) => branch.some((i) => i.path.length > 0));
      if (deep) {
        for (const i of deep) issueProblems(i, root, out, path);
        return;
      }
      out.push({
        path,
        message: `expected "@prices.sources" or a list of source names, got ${typeName(input)}`,
      });
      return;
    }
    case "invalid_value":
      out.push({
        path,
        message: issue.message.startsWith("Invalid")
          ? `must be one of ${issue.values.map(String).join(", ")}; got ${JSON.stringify(input)}`
          : issue.message,
      });
      return;
    case "too_big":
    case "too_small": {
      const what = issue.origin === "string"
        ? " characters"
        : issue.origin === "array"
        ? " entries"
        : "";
      const bound = issue.code === "too_big"
        ? `at most ${issue.maximum}`
        : `at least ${issue.minimum}`;
      const got = typeof input === "string"
        ? input.length
        : Array.isArray(input)
        ? input.length
        : input;
      out.push({ path, message: `must have ${bound}${what}, got ${got}` });
      return;
    }
    default:
      out.push({ path, message: issue.message });
  }
}

function toConfigProblems(
  problems: PathProblem[],
  locations: Map<string, NodeLocation>,
  file: string,
): ConfigProblem[] {
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const p of problems) {
    const pos = locate(locations, p.path, p.atKey ?? false);
    const problem = {
      file,
      line: pos.line,
      col: pos.col,
      path: displayPath(p.path),
      message: p.message,
    };
    const key = `${problem.line}:${problem.col}:${problem.path}:${problem.message}`;
    if (!seen.has(key)) out.push(problem);
    seen.add(key);
  }
  return out;
}

/**
 * Removes every invalid value (so its default applies) and runs the cross-field rules on
 * what is left; rules touching a removed value are dropped to avoid follow-on errors.
 */
function bestEffortRules(root: Raw, failedEnv: KeyPath[], cwd: string | undefined): PathProblem[] {
  const work = structuredClone(root);
  const removed: KeyPath[] = [...failedEnv];
  for (let round = 0; round < 20; round++) {
    const r = ConfigSchema.safeParse(work);
    if (r.success) {
      const ruled = checkRules(r.data, { cwd });
      const assetsRemoved = removed.some((p) => p[0] === "domain" && p[1] === "assets");
      return ruled.problems.filter((p) =>
        !removed.some((rp) =>
          rp.every((k, i) => p.path[i] === k) || p.path.every((k, i) => rp[i] === k)
        ) &&
        !(assetsRemoved && p.message.startsWith("unknown asset"))
      );
    }
    for (const issue of r.error.issues) {
      let path = issue.code === "unrecognized_keys"
        ? [...issue.path, ...issue.keys].slice(0, issue.path.length + 1)
        : [...issue.path];
      const firstIndex = path.findIndex((k) => typeof k === "number");
      if (firstIndex >= 0) path = path.slice(0, firstIndex); // drop the whole list
      if (path.length === 0) return [];
      const parent = valueAt(work, path.slice(0, -1));
      if (parent !== null && typeof parent === "object") {
        delete (parent as Record<PropertyKey, unknown>)[path[path.length - 1]];
      }
      removed.push(path as KeyPath);
    }
  }
  return [];
}

/**
 * Parses and validates a configuration file (seed or v2 schema) into the canonical
 * `Config`. Throws `ConfigError` listing every problem; never coerces types.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse.ts";
 * const { config, schema } = parseConfig(
 *   "client:\n  assets: [DJED]\norchestrator:\n  safety_factor:\n    c: 0.4\n",
 *   { sourceName: "config/orchestrator_config.yaml" },
 * );
 * console.assert(schema === "seed");
 * console.assert(config.domain.assets[0] === "djed");
 * console.assert(config.analysis.decision.safety_factor.c === 0.4);
 * ```
 */
export function parseConfig(text: string, opts: ParseConfigOptions = {}): ParsedConfig {
  const file = opts.sourceName ?? "config.yaml";
  const env: Env = opts.env ?? {};
  const source = loadYaml(text);
  if (source.problems.length > 0) {
    throw new ConfigError(
      source.problems.map((p) => ({
        file,
        line: p.pos.line,
        col: p.pos.col,
        path: displayPath(p.path),
        message: p.message,
      })),
    );
  }
  const doc = source.value as Raw;
  const detectProblems: PathProblem[] = [];
  const schema = detectSchema(doc, detectProblems);
  if (schema === null) {
    throw new ConfigError(toConfigProblems(detectProblems, source.locations, file));
  }
  let b: CanonBuilder;
  if (schema === "seed") b = mapSeed(doc);
  else {
    const root: Raw = {};
    for (const k of V2_SECTIONS) if (Object.hasOwn(doc, k)) root[k] = doc[k];
    b = new CanonBuilder(root);
    b.record([], []);
  }
  applyAliases(b);
  resolveEnv(b, env);
  const failedEnv = new Set(b.failedEnv.map(pathKey));
  normalizeValues(b);
  const problems: PathProblem[] = [...detectProblems, ...b.problems];
  const parsed = ConfigSchema.safeParse(b.root);
  if (!parsed.success) {
    const canon: PathProblem[] = [];
    for (const issue of parsed.error.issues) issueProblems(issue, b.root, canon);
    for (const p of canon) {
      // A missing value whose env variable was already reported is not reported twice.
      if (p.message === "required" && failedEnv.has(pathKey(p.path))) continue;
      problems.push({ ...p, path: b.translate(p.path) });
    }
  }
  if (problems.length > 0 || !parsed.success) {
    // Still report cross-field problems, judged on the valid remainder of the file.
    for (const p of bestEffortRules(b.root, b.failedEnv, opts.cwd)) {
      problems.push({ ...p, path: b.translate(p.path) });
    }
    throw new ConfigError(toConfigProblems(problems, source.locations, file));
  }
  const ruled = checkRules(parsed.data, { cwd: opts.cwd });
  if (ruled.problems.length > 0) {
    const mapped = ruled.problems.map((p) => ({ ...p, path: b.translate(p.path) }));
    throw new ConfigError(toConfigProblems(mapped, source.locations, file));
  }
  const warnings = [...b.warnings];
  if (ruled.config.domain.assets.length === 0) {
    warnings.push(
      `${displayPath(b.translate(["domain", "assets"]))} is empty: no asset will be evaluated`,
    );
  }
  return { config: ruled.config, warnings, schema };
}
