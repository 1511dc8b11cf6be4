/**
 * YAML loading with source locations (SPEC §2.1.2, §23.18): YAML 1.2 core schema,
 * duplicate keys are errors, and every key/value node is recorded by its path so that
 * problems found later can point at the line and column the user wrote.
 *
 * @module
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Node as YamlNode } from "yaml";

/** A key path: mapping keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** A 1-based source position. */
export interface SourcePos {
  line: number;
  col: number;
}

/** Positions of one node: its value and, for mapping entries, its key. */
export interface NodeLocation {
  value: SourcePos;
  key?: SourcePos;
}

/** A problem found while reading YAML, located in the source. */
export interface SourceProblem {
  path: KeyPath;
  pos: SourcePos;
  message: string;
}

/** The plain value of a YAML document plus the location of every node. */
export interface YamlSource {
  value: unknown;
  locations: Map<string, NodeLocation>;
  problems: SourceProblem[];
}

/** Stable map key for a path. */
export function pathKey(path: KeyPath): string {
  return path.map(String).join("\u0001");
}

/**
 * Renders a key path as the user reads it: `wallets[0].address`.
 *
 * @example
 * ```ts
 * import { displayPath } from "./yaml_source.ts";
 * console.assert(displayPath(["wallets", 0, "address"]) === "wallets[0].address");
 * ```
 */
export function displayPath(path: KeyPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/**
 * Finds the best location for `path`: the node itself (its key node when `atKey`), else
 * the key node of the nearest existing ancestor, else line 1, column 1.
 */
export function locate(
  locations: Map<string, NodeLocation>,
  path: KeyPath,
  atKey = false,
): SourcePos {
  const exact = locations.get(pathKey(path));
  if (exact) return atKey ? exact.key ?? exact.value : exact.value;
  for (let n = path.length - 1; n > 0; n--) {
    const loc = locations.get(pathKey(path.slice(0, n)));
    if (loc) return loc.key ?? loc.value;
  }
  return { line: 1, col: 1 };
}

/**
 * Parses YAML text into a plain value and a location table. YAML syntax errors and
 * duplicate keys are reported as problems; the document must be a mapping.
 *
 * @example
 * ```ts
 * import { loadYaml } from "./yaml_source.ts";
 * const src = loadYaml("a:\n  b: 1\n");
 * console.assert(src.problems.length === 0);
 * console.assert(src.locations.get("a\u0001b")?.value.line === 2);
 * ```
 */
export function loadYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    schema: "core",
    version: "1.2",
    prettyErrors: false,
  });
  const pos = (offset: number): SourcePos => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const problems: SourceProblem[] = [];
  const locations = new Map<string, NodeLocation>();
  for (const err of doc.errors) {
    if (err.code === "DUPLICATE_KEY") continue; // reported with its path by walk()
    problems.push({ path: [], pos: pos(err.pos[0]), message: err.message.split("\n")[0] });
  }
  const walk = (node: unknown, path: (string | number)[], keyPos?: SourcePos): unknown => {
    let n = node as YamlNode | null | undefined;
    const here = n && (n as { range?: [number, number, number] }).range
      ? pos((n as { range: [number, number, number] }).range[0])
      : keyPos ?? { line: 1, col: 1 };
    locations.set(pathKey(path), { value: here, key: keyPos });
    if (n && isAlias(n)) n = n.resolve(doc) as YamlNode | undefined;
    if (n === null || n === undefined) return null;
    if (isScalar(n)) return n.value;
    if (isSeq(n)) return n.items.map((item, i) => walk(item, [...path, i]));
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null;
        const rawKey = keyNode && isScalar(keyNode) ? keyNode.value : keyNode;
        const key = rawKey === null || rawKey === undefined ? "" : String(rawKey);
        const kr = keyNode && (keyNode as { range?: [number, number, number] }).range;
        const kp = kr ? pos(kr[0]) : here;
        if (Object.hasOwn(out, key)) {
          problems.push({ path: [...path, key], pos: kp, message: "duplicate key" });
          continue;
        }
        out[key] = walk(pair.value, [...path, key], kp);
      }
      return out;
    }
    return null;
  };
  const value = walk(doc.contents, []);
  if (
    problems.length === 0 && (value === null || typeof value !== "object" || Array.isArray(value))
  ) {
    problems.push({
      path: [],
      pos: { line: 1, col: 1 },
      message: `the document must be a mapping, got ${typeName(value)}`,
    });
  }
  return { value, locations, problems };
}

/** YAML-flavoured type names for messages: mapping, list, string, number, boolean, null. */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "mapping";
  return typeof v;
}
