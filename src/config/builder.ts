/**
 * Builds the canonical raw object (§2.3 layout, before validation) while remembering,
 * for every canonical path written, the path the user wrote it at. Problems and warnings
 * are expressed in the user's paths.
 *
 * @module
 */
import { displayPath, type KeyPath, pathKey } from "./yaml_source.ts";

/** A problem located by the user's key path. */
export interface PathProblem {
  path: KeyPath;
  message: string;
  /** Point at the key node rather than the value node. */
  atKey?: boolean;
}

/** A plain mapping produced from YAML. */
export type Raw = Record<string, unknown>;

/** True for a plain YAML mapping. */
export function isRaw(v: unknown): v is Raw {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Canonical object under construction plus provenance. */
export class CanonBuilder {
  /** The canonical raw object. */
  readonly root: Raw;
  /** Problems in user paths. */
  readonly problems: PathProblem[] = [];
  /** Warnings (already rendered). */
  readonly warnings: string[] = [];
  /** Canonical keys whose `X_env` could not be resolved (no follow-on errors for them). */
  readonly failedEnv: KeyPath[] = [];
  #provenance = new Map<string, { canon: KeyPath; src: KeyPath }>();
  #fallback: readonly (readonly [KeyPath, KeyPath])[];

  /**
   * @param root initial canonical object (v2: the user's document itself)
   * @param fallback static canonical-prefix → user-prefix pairs used when no write was
   *   recorded (seed files: where a missing key would have been written)
   */
  constructor(root: Raw = {}, fallback: readonly (readonly [KeyPath, KeyPath])[] = []) {
    this.root = root;
    this.#fallback = fallback;
  }

  /** Records that canonical `canon` came from user path `src`. */
  record(canon: KeyPath, src: KeyPath): void {
    this.#provenance.set(pathKey(canon), { canon, src });
  }

  /** Maps a canonical path to the user's path (longest recorded prefix wins). */
  translate(canon: KeyPath): KeyPath {
    let best: readonly [KeyPath, KeyPath] | undefined;
    for (let n = canon.length; n >= 0 && !best; n--) {
      const hit = this.#provenance.get(pathKey(canon.slice(0, n)));
      if (hit) best = [hit.canon, hit.src];
    }
    for (const pair of this.#fallback) {
      const [c] = pair;
      if (c.length <= canon.length && c.every((p, i) => canon[i] === p)) {
        if (!best || c.length > best[0].length) best = pair;
      }
    }
    return best ? [...best[1], ...canon.slice(best[0].length)] : canon;
  }

  /** Reads the canonical value at `path` (undefined when absent). */
  get(path: KeyPath): unknown {
    let cur: unknown = this.root;
    for (const p of path) {
      if (isRaw(cur)) cur = cur[String(p)];
      else if (Array.isArray(cur) && typeof p === "number") cur = cur[p];
      else return undefined;
    }
    return cur;
  }

  /** True when the canonical path holds a value (null counts as set). */
  has(path: KeyPath): boolean {
    if (path.length === 0) return true;
    const parent = this.get(path.slice(0, -1));
    return isRaw(parent) && Object.hasOwn(parent, String(path[path.length - 1]));
  }

  /**
   * Writes `value` at canonical `canon`, remembering `src`. Mappings merge key by key;
   * writing a key that is already set is a conflict (reported at `src`).
   */
  put(canon: KeyPath, value: unknown, src: KeyPath): void {
    let parent: unknown = this.root;
    for (let i = 0; i < canon.length - 1; i++) {
      const k = canon[i];
      if (Array.isArray(parent) && typeof k === "number") {
        parent = parent[k];
        continue;
      }
      if (!isRaw(parent)) return; // a non-mapping is reported by validation
      if (!Object.hasOwn(parent, String(k))) parent[String(k)] = {};
      parent = parent[String(k)];
    }
    if (!isRaw(parent)) return;
    const key = String(canon[canon.length - 1]);
    if (!Object.hasOwn(parent, key)) {
      parent[key] = value;
      this.record(canon, src);
      return;
    }
    const existing = parent[key];
    if (isRaw(existing) && isRaw(value)) {
      for (const [k, v] of Object.entries(value)) this.put([...canon, k], v, [...src, k]);
      return;
    }
    this.problems.push({
      path: src,
      message: `conflicts with ${displayPath(this.translate(canon))}`,
      atKey: true,
    });
  }

  /** Removes the canonical key and returns its value. */
  take(path: KeyPath): unknown {
    const parent = this.get(path.slice(0, -1));
    if (!isRaw(parent)) return undefined;
    const key = String(path[path.length - 1]);
    const v = parent[key];
    delete parent[key];
    return v;
  }

  /** Moves a canonical key (alias → canonical name); both set is a conflict. */
  rename(from: KeyPath, to: KeyPath): void {
    if (!this.has(from)) return;
    const src = this.translate(from);
    const value = this.take(from);
    if (this.has(to)) {
      this.problems.push({
        path: src,
        message: `conflicts with ${displayPath(this.translate(to))}`,
        atKey: true,
      });
      return;
    }
    this.put(to, value, src);
  }

  /** Drops an accepted-but-ignored key with a warning (§2.1.6). */
  ignore(path: KeyPath): void {
    if (!this.has(path)) return;
    this.warnings.push(`${displayPath(this.translate(path))}: accepted but ignored`);
    this.take(path);
  }

  /** Records a problem at a canonical path. */
  problemAt(canon: KeyPath, message: string, atKey = false): void {
    this.problems.push({ path: this.translate(canon), message, atKey });
  }
}
