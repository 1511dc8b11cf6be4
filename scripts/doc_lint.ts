/**
 * `deno doc --lint` over every `exports` entry of `deno.json`, failing on any diagnostic in
 * this repository. The only diagnostics tolerated are `private-type-ref` inside npm packages
 * we re-export a type of (prom-client's `Registry`, Hono's `Hono`): they point at types those
 * packages do not export, which no JSDoc of ours can fix.
 *
 * Run `deno task doc:lint`.
 *
 * @module
 */

/** One diagnostic of `deno doc --lint`. */
export interface DocDiagnostic {
  /** Rule code, e.g. `missing-jsdoc` or `private-type-ref`. */
  code: string;
  /** First line of the message. */
  message: string;
  /** `path:line:col` the diagnostic points at; null when the block had none. */
  location: string | null;
}

/**
 * Splits the (colourless) output of `deno doc --lint` into diagnostics.
 *
 * @example
 * ```ts
 * import { parseDocLint } from "./doc_lint.ts";
 * const out = "error[missing-jsdoc]: exported symbol is missing JSDoc documentation\n" +
 *   " --> /repo/mod.ts:3:1\n  |\n3 | export const a = 1;\n\n" +
 *   "error: Found 1 documentation lint error.\n";
 * const [d] = parseDocLint(out);
 * console.assert(d.code === "missing-jsdoc" && d.location === "/repo/mod.ts:3:1");
 * ```
 */
export function parseDocLint(output: string): DocDiagnostic[] {
  const found: DocDiagnostic[] = [];
  for (const block of output.split(/\n(?=error\[)/)) {
    const head = /^error\[([\w-]+)\]: (.*)$/m.exec(block);
    if (head === null) continue;
    const loc = /^\s*--> (\S+)\s*$/m.exec(block);
    found.push({ code: head[1], message: head[2], location: loc ? loc[1] : null });
  }
  return found;
}

/**
 * Whether a diagnostic is one of the tolerated ones: a `private-type-ref` located inside an
 * npm package (a `node_modules` or Deno npm cache path), never in `repoRoot`.
 *
 * @example
 * ```ts
 * import { isTolerated } from "./doc_lint.ts";
 * const npm = "/root/.cache/deno/npm/registry.npmjs.org/prom-client/15.1.3/index.d.ts:24:1";
 * console.assert(isTolerated({ code: "private-type-ref", message: "", location: npm }, "/repo"));
 * console.assert(!isTolerated({ code: "missing-jsdoc", message: "", location: npm }, "/repo"));
 * ```
 */
export function isTolerated(d: DocDiagnostic, repoRoot: string): boolean {
  if (d.code !== "private-type-ref" || d.location === null) return false;
  const path = d.location.replace(/^file:\/\//, "");
  if (path.startsWith(repoRoot.replace(/\/+$/, "") + "/")) return false;
  return /[\\/](node_modules|npm)[\\/]/.test(path);
}

async function run(): Promise<number> {
  const root = new URL("..", import.meta.url).pathname.replace(/\/+$/, "");
  const denoJson = JSON.parse(await Deno.readTextFile(`${root}/deno.json`)) as {
    exports: Record<string, string>;
  };
  const entries = [...new Set(Object.values(denoJson.exports))];
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...entries],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr) + "\n" +
    new TextDecoder().decode(out.stdout);
  const all = parseDocLint(text);
  const total = /Found (\d+) documentation lint errors?/.exec(text);
  if (!out.success && (total === null || Number(total[1]) !== all.length)) {
    console.error(text);
    console.error(`doc lint: could not account for the output (parsed ${all.length} problems)`);
    return 1;
  }
  const tolerated = all.filter((d) => isTolerated(d, root));
  const problems = all.filter((d) => !isTolerated(d, root));
  for (const d of problems) console.error(`${d.location ?? "?"}: ${d.code}: ${d.message}`);
  const packages = [
    ...new Set(tolerated.map((d) => /registry\.npmjs\.org\/([^/]+)/.exec(d.location!)?.[1])),
  ].filter((p) => p !== undefined).join(", ");
  console.log(
    `doc lint (${entries.length} entrypoints): ${problems.length} problem(s) in this repository` +
      (tolerated.length > 0
        ? `; ${tolerated.length} private-type-ref inside npm packages tolerated (${packages})`
        : ""),
  );
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await run());
