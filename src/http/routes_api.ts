/**
 * JSON routes of SPEC §13.1: health, readiness, assets, decisions, normalized config,
 * evaluation trigger and transaction sync.
 *
 * @module
 */
import type { Hono } from "hono";
import type { AppDeps, AppEnv } from "./deps.ts";
import { findResult, resolveAsset } from "./deps.ts";
import { jsonResponse } from "./json.ts";
import { HttpProblem } from "./problem.ts";
import { readJsonBody } from "./body.ts";
import { createReadiness } from "./readiness.ts";

/** The `/api/decisions` body (§13.1). */
export function decisionsBody(deps: AppDeps, nowMs: number): Record<string, unknown> {
  const record = deps.store.latest();
  if (record === null) {
    return {
      evaluation_id: null,
      evaluated_at: null,
      duration_ms: null,
      stale: true,
      age_seconds: null,
      decisions: {},
    };
  }
  const status = deps.store.status(nowMs);
  return {
    evaluation_id: record.evaluation_id,
    evaluated_at: record.finished_at,
    duration_ms: record.duration_ms,
    stale: status.stale,
    age_seconds: status.ageSeconds,
    decisions: Object.fromEntries(record.results.map((r) => [r.asset, r])),
  };
}

function shown(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function optionalDate(body: Record<string, unknown>, key: string): string | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw new HttpProblem("invalid-request", `${key} must be a string`);
  return v;
}

/** Registers the JSON routes on `app`. */
export function registerApiRoutes(app: Hono<AppEnv>, deps: AppDeps, now: () => number): void {
  const readiness = createReadiness({
    store: deps.store,
    ping: deps.ping,
    now,
    intervalMinutes: deps.config.runtime.schedule.interval_minutes,
    timeoutSeconds: deps.config.runtime.schedule.evaluation_timeout_seconds,
  });

  app.get("/healthz", () => jsonResponse({ status: "ok" }));

  app.get("/readyz", async () => {
    const report = await readiness();
    return jsonResponse(report, report.status === "ready" ? 200 : 503);
  });

  app.get("/api/assets", (c) => {
    const assets = [...deps.config.domain.assets].sort();
    const selected = resolveAsset(deps.config, c.req.query("asset")) ?? assets[0] ?? null;
    return jsonResponse({ assets, selected });
  });

  app.get("/api/decisions", () => jsonResponse(decisionsBody(deps, now())));

  app.get("/api/decisions/:asset", (c) => {
    const name = c.req.param("asset");
    const asset = resolveAsset(deps.config, name);
    if (asset === null) throw new HttpProblem("not-found", `unknown asset "${shown(name)}"`);
    const record = deps.store.latest();
    if (record === null) throw new HttpProblem("not-ready", "no evaluation has completed yet");
    const found = findResult(record, asset);
    if (found === null) {
      throw new HttpProblem("not-ready", `no result for "${asset}" in the latest evaluation`);
    }
    const status = deps.store.status(now());
    return jsonResponse({ ...found.result, evaluated_at: record.finished_at, stale: status.stale });
  });

  app.get("/api/config/normalized", () =>
    new Response(deps.normalizedConfig, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
      },
    }));

  app.post("/api/evaluate", async (c) => {
    await readJsonBody(c.req.raw);
    const outcome = await deps.trigger();
    switch (outcome.kind) {
      case "published":
        return jsonResponse(decisionsBody(deps, now()));
      case "timeout":
        throw new HttpProblem(
          "evaluation-timeout",
          `evaluation #${outcome.evaluationId} exceeded ${outcome.timeoutSeconds} s; the previous record stays published`,
        );
      case "failed":
        throw new HttpProblem(
          "internal",
          `evaluation #${outcome.evaluationId} failed; see the server log`,
        );
      default:
        throw new HttpProblem("not-ready", "the server is shutting down");
    }
  });

  const sync = async (c: { req: { raw: Request } }): Promise<Response> => {
    if (!deps.sync) throw new HttpProblem("not-found", "sync disabled");
    const body = await readJsonBody(c.req.raw);
    const outcome = await deps.sync({
      start_date: optionalDate(body, "start_date"),
      end_date: optionalDate(body, "end_date"),
    });
    if (outcome.kind === "busy") throw new HttpProblem("conflict", "a sync is already running");
    if (outcome.kind === "invalid") throw new HttpProblem("invalid-request", outcome.message);
    return jsonResponse(outcome.report);
  };
  app.post("/api/sync/transactions", sync);
  app.post("/api/sync-transactions", sync);
}
