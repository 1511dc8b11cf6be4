/**
 * Format rules for hosts, URLs, origins, the metrics path and cleanup paths (§2.3.2,
 * §2.3.3, §2.3.5, §2.3.6). Mutates the given (already cloned) config for the spelled-out
 * fills: bare Greptime host → `http://host`; `cleanup.paths: null` → `[diagnostics.dir]`.
 *
 * @module
 */
import type { Config } from "./types_gen.ts";
import type { KeyPath } from "./yaml_source.ts";

interface Problem {
  path: KeyPath;
  message: string;
}

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = `${LABEL}(?:\\.${LABEL})*`;
const IPV6 = "\\[[0-9A-Fa-f:.]+\\]";
const HOSTNAME_RE = new RegExp(`^${HOSTNAME}$`);
// The Greptime host also accepts `_` (container/service names such as `greptime_db`; the
// WHATWG URL parser and fetch accept it). §2.3.2 forbids only port, path, query, credentials.
const SERVICE_LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
const SERVICE_HOST_RE = new RegExp(`^${SERVICE_LABEL}(?:\\.${SERVICE_LABEL})*$`);
const ORIGIN_RE = new RegExp(`^https?://(?:${HOSTNAME}|${IPV6})(?::(\\d{1,5}))?$`);

/** Routes of §13.1 that the metrics path must not shadow. */
const ROUTES = ["/healthz", "/readyz", "/dashboard", "/api", "/charts"];

/**
 * Normalises a Greptime host: a bare host gets `http://`; the scheme must be http(s) and no
 * port, path, query or credentials are allowed. Returns the host or an error message.
 *
 * @example
 * ```ts
 * import { normalizeHost } from "./rules_format.ts";
 * console.assert(normalizeHost("db.local").host === "http://db.local");
 * console.assert(normalizeHost("http://db:4000").error !== undefined);
 * ```
 */
export function normalizeHost(raw: string): { host?: string; error?: string } {
  const got = `; got ${JSON.stringify(raw)}`;
  const text = raw.trim();
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(text);
  const scheme = m ? m[1].toLowerCase() : "http";
  const rest = m ? m[2] : text;
  if (scheme !== "http" && scheme !== "https") {
    return { error: `scheme must be http or https${got}` };
  }
  if (rest.includes("@")) {
    return { error: `must not contain credentials (use username/password)${got}` };
  }
  const authority = rest.replace(/\/$/, "");
  if (/[/?#]/.test(authority)) return { error: `must not contain a path or query${got}` };
  if (/^\[.*\]:\d*$/.test(authority) || (!authority.startsWith("[") && authority.includes(":"))) {
    return { error: `must not contain a port (set port separately)${got}` };
  }
  if (!SERVICE_HOST_RE.test(authority) && !new RegExp(`^${IPV6}$`).test(authority)) {
    return { error: `must be a host name or IP address${got}` };
  }
  return { host: `${scheme}://${authority.toLowerCase()}` };
}

/** True for an absolute http(s) URL. */
function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** Host/URL/origin/path format rules. */
export function checkUrls(config: Config, out: Problem[]): void {
  const gt = config.data.databases.greptime;
  const host = normalizeHost(gt.host);
  if (host.error) {
    out.push({ path: ["data", "databases", "greptime", "host"], message: host.error });
  } else gt.host = host.host!;
  for (const k of ["liqwid_graphql", "minswap_aggregator"] as const) {
    const v = config.prices.endpoints[k];
    if (v !== null && !isHttpUrl(v)) {
      out.push({
        path: ["prices", "endpoints", k],
        message: `must be an absolute http(s) URL; got ${JSON.stringify(v)}`,
      });
    }
  }
  config.runtime.http.allowed_origins.forEach((o, i) => {
    const m = ORIGIN_RE.exec(o);
    if (!m || (m[1] !== undefined && (Number(m[1]) < 1 || Number(m[1]) > 65535))) {
      out.push({
        path: ["runtime", "http", "allowed_origins", i],
        message: `must be an origin scheme://host[:port]; got ${JSON.stringify(o)}`,
      });
    }
  });
  const tel = config.runtime.telemetry;
  const addr = tel.listen_address;
  const ipv6 = /^[0-9A-Fa-f:.]+$/.test(addr) && addr.includes(":");
  if (!HOSTNAME_RE.test(addr) && !ipv6) {
    out.push({
      path: ["runtime", "telemetry", "listen_address"],
      message: `must be an IP address or host name; got ${JSON.stringify(addr)}`,
    });
  }
  const p = tel.path;
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(p)) {
    out.push({
      path: ["runtime", "telemetry", "path"],
      message: `must start with "/" and be a plain URL path; got ${JSON.stringify(p)}`,
    });
  } else {
    const clash = ROUTES.find((r) => p === r || p.startsWith(`${r}/`));
    if (clash) {
      out.push({
        path: ["runtime", "telemetry", "path"],
        message: `must not collide with the ${clash} route; got ${JSON.stringify(p)}`,
      });
    }
  }
}

/** Lexical path normalisation ("a/./b/../c" → "a/c"); keeps leading ".." of relative paths. */
export function normalizePath(p: string, cwd?: string): string {
  let text = p.replace(/\\/g, "/");
  if (!text.startsWith("/") && cwd !== undefined) text = `${cwd.replace(/\\/g, "/")}/${text}`;
  const absolute = text.startsWith("/");
  const parts: string[] = [];
  for (const seg of text.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (seg === ".." && absolute) continue;
    else parts.push(seg);
  }
  const joined = parts.join("/");
  return absolute ? `/${joined}` : joined === "" ? "." : joined;
}

/**
 * True when `path` lies inside (or is) `dir`, compared lexically after normalisation
 * (§2.3.6; symbolic links are re-checked at cleanup time, §15.6).
 *
 * @example
 * ```ts
 * import { isInsideDir } from "./rules_format.ts";
 * console.assert(isInsideDir("output/charts", "output"));
 * console.assert(!isInsideDir("output/../etc", "output"));
 * ```
 */
export function isInsideDir(path: string, dir: string, cwd?: string): boolean {
  const p = normalizePath(path, cwd);
  const d = normalizePath(dir, cwd);
  if (p.startsWith("/") !== d.startsWith("/")) return false;
  if (d === ".") return !p.startsWith("..") && !p.startsWith("/");
  return p === d || p.startsWith(d === "/" ? "/" : `${d}/`);
}

/** Cleanup paths must stay inside the diagnostics directory. */
export function checkPaths(config: Config, out: Problem[], cwd?: string): void {
  const dir = config.visualization.diagnostics.dir;
  const cleanup = config.maintenance.cleanup;
  if (cleanup.paths === null) {
    cleanup.paths = [dir];
    return;
  }
  cleanup.paths.forEach((p, i) => {
    if (!isInsideDir(p, dir, cwd)) {
      out.push({
        path: ["maintenance", "cleanup", "paths", i],
        message: `must be inside visualization.diagnostics.dir (${JSON.stringify(dir)}); got ${
          JSON.stringify(p)
        }`,
      });
    }
  });
}
