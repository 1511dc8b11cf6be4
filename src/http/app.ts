/**
 * The Hono app factory (SPEC §13): security headers on every response, Basic auth with
 * rate limiting, same-origin POSTs, every route of §13.1, 404/405 with `Allow`, and one
 * `onError` producing problem+json.
 *
 * @module
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "./deps.ts";
import { HttpProblem, problemResponse } from "./problem.ts";
import { applySecurityHeaders, crossOriginRefusal } from "./security.ts";
import { createAuthenticator } from "./auth.ts";
import { registerApiRoutes } from "./routes_api.ts";
import { registerChartRoutes } from "./routes_charts.ts";
import { registerDashboardRoute } from "./routes_dashboard.tsx";

export type { AppDeps, AppEnv } from "./deps.ts";

const WWW_AUTHENTICATE = 'Basic realm="Alert Orchestrator", charset="UTF-8"';

interface RouteRule {
  pattern: RegExp;
  methods: string[];
}

function exact(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

function routeRules(metricsPath: string): RouteRule[] {
  const get = ["GET", "HEAD"];
  return [
    { pattern: exact(metricsPath), methods: get },
    { pattern: /^\/healthz$/, methods: get },
    { pattern: /^\/readyz$/, methods: get },
    { pattern: /^\/dashboard$/, methods: get },
    { pattern: /^\/api\/assets$/, methods: get },
    { pattern: /^\/api\/decisions$/, methods: get },
    { pattern: /^\/api\/decisions\/[^/]+$/, methods: get },
    { pattern: /^\/api\/config\/normalized$/, methods: get },
    { pattern: /^\/api\/evaluate$/, methods: ["POST"] },
    { pattern: /^\/api\/sync\/transactions$/, methods: ["POST"] },
    { pattern: /^\/api\/sync-transactions$/, methods: ["POST"] },
    { pattern: /^\/charts\/[^/]+$/, methods: get },
  ];
}

function clientKey(req: Request, remoteAddr: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const first = req.headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
    if (first) return first;
  }
  return remoteAddr ?? "unknown";
}

/**
 * Creates the HTTP app. The app only uses Web APIs; `server.ts` serves it with `Deno.serve`
 * and passes `{ remoteAddr }` as the `env` of `app.fetch`.
 *
 * @example
 * ```ts
 * import { createApp } from "./app.ts";
 * import { createRecordStore } from "../jobs/record_store.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const config = ConfigSchema.parse({});
 * const app = createApp({
 *   config,
 *   store: createRecordStore({ intervalMinutes: 60 }),
 *   trigger: () => Promise.resolve({ kind: "stopped" }),
 *   metrics: { metrics: () => Promise.resolve(""), contentType: "text/plain" },
 *   ping: () => Promise.resolve(),
 *   normalizedConfig: "{}",
 * });
 * const res = await app.request("/healthz");
 * console.assert(res.status === 200);
 * ```
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;
  const cfg = deps.config;
  const metricsPath = cfg.runtime.telemetry.path;
  const rules = routeRules(metricsPath);
  const authCfg = cfg.runtime.auth;

  app.onError((err, c) => {
    if (err instanceof HttpProblem) {
      return problemResponse(err.slug, err.message, c.req.path, err.headers);
    }
    deps.logger?.error(`HTTP ${c.req.method} ${c.req.path} failed: ${err.message}`);
    return problemResponse("internal", "internal error; see the server log", c.req.path);
  });

  app.use("*", async (c, next) => {
    await next();
    try {
      applySecurityHeaders(c.res.headers);
    } catch {
      // Immutable headers (a forwarded Response): copy once, then set.
      c.res = new Response(c.res.body, c.res);
      applySecurityHeaders(c.res.headers);
    }
  });

  if (authCfg.enabled) {
    if (authCfg.username === null || authCfg.password_hash === null) {
      throw new TypeError("runtime.auth.enabled requires username and password_hash");
    }
    const auth = createAuthenticator({
      username: authCfg.username,
      passwordHash: authCfg.password_hash,
      maxFailures: authCfg.max_failures,
      failureWindowSeconds: authCfg.failure_window_seconds,
      now,
    });
    app.use("*", async (c, next) => {
      const path = c.req.path;
      if (path === "/healthz" || (path === metricsPath && !authCfg.protect_metrics)) {
        return await next();
      }
      const key = clientKey(c.req.raw, c.env?.remoteAddr, authCfg.trust_proxy);
      const outcome = await auth.check(c.req.header("Authorization") ?? null, key);
      if (outcome.kind === "rate_limited") {
        throw new HttpProblem(
          "too-many-auth-failures",
          `too many failed authentication attempts; retry in ${outcome.retryAfterSeconds} s`,
          { headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
        );
      }
      if (outcome.kind === "unauthorized") {
        throw new HttpProblem("unauthorized", "valid credentials are required", {
          headers: { "WWW-Authenticate": WWW_AUTHENTICATE },
        });
      }
      await next();
    });
  }

  app.use("*", async (c, next) => {
    if (c.req.method === "POST") {
      const refusal = crossOriginRefusal(c.req.raw.headers, cfg.runtime.http.allowed_origins);
      if (refusal !== null) throw new HttpProblem("forbidden-origin", refusal);
    }
    await next();
  });

  app.get(metricsPath, async () => {
    const text = await deps.metrics.metrics();
    return new Response(text, {
      headers: { "Content-Type": deps.metrics.contentType, "Cache-Control": "no-store" },
    });
  });
  registerApiRoutes(app, deps, now);
  registerDashboardRoute(app, deps, now);
  registerChartRoutes(app, deps);

  app.all("*", (c) => {
    const rule = rules.find((r) => r.pattern.test(c.req.path));
    if (rule) {
      throw new HttpProblem("method-not-allowed", `${c.req.method} is not allowed here`, {
        headers: { Allow: rule.methods.join(", ") },
      });
    }
    throw new HttpProblem("not-found", "no such route");
  });
  app.notFound((c) => problemResponse("not-found", "no such route", c.req.path));
  return app;
}
