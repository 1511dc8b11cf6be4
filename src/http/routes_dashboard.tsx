/**
 * `GET /dashboard` (SPEC §14): the full page, or with `?partial=1` only the content
 * sections swapped in place by auto-refresh. Every HTML response gets a fresh CSP nonce.
 *
 * @module
 */
import type { Hono } from "hono";
import type { AppDeps, AppEnv } from "./deps.ts";
import { findResult, resolveAsset } from "./deps.ts";
import { htmlCsp, newNonce } from "./security.ts";
import { Page, type PageModel } from "./views/page.tsx";
import { Content } from "./views/sections.tsx";

function htmlResponse(body: string, nonce: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": htmlCsp(nonce),
    },
  });
}

/** Registers the dashboard route on `app`. */
export function registerDashboardRoute(
  app: Hono<AppEnv>,
  deps: AppDeps,
  now: () => number,
): void {
  const cfg = deps.config;
  const assets = [...cfg.domain.assets].sort();
  const refreshSeconds = deps.refreshSeconds ?? 10;

  app.get("/dashboard", async (c) => {
    const requested = c.req.query("asset");
    const resolved = resolveAsset(cfg, requested);
    const selected = resolved ?? assets[0] ?? null;
    const unknownAsset = requested !== undefined && requested !== "" && resolved === null
      ? requested.slice(0, 100)
      : null;
    const record = deps.store.latest();
    const status = deps.store.status(now());
    const found = findResult(record, selected ?? "_all_");
    const chart = found === null ? null : record?.details[found.index]?.chart ?? null;
    const gateOverride = selected === null
      ? undefined
      : cfg.analysis.decision.gate.per_asset[selected]?.central_confidence;
    const priceOverride = selected === null
      ? undefined
      : cfg.analysis.price_compare.per_asset_overrides[selected]?.persistence_threshold;
    const nonce = newNonce(deps.random);
    const m: PageModel = {
      assets,
      selected,
      unknownAsset,
      autorefresh: c.req.query("autorefresh") !== "false",
      refreshSeconds,
      nonce,
      evaluationId: record?.evaluation_id ?? null,
      finishedAt: record?.finished_at ?? null,
      durationMs: record?.duration_ms ?? null,
      result: found?.result ?? null,
      stale: status.stale,
      ageSeconds: status.ageSeconds,
      chartAvailable: deps.renderChartSvg !== undefined && chart !== null,
      priceCompareEnabled: cfg.analysis.price_compare.enabled,
      persistenceThreshold: priceOverride ?? cfg.analysis.price_compare.persistence_threshold,
      centralConfidence: gateOverride ?? cfg.analysis.decision.gate.central_confidence,
    };
    if (c.req.query("partial") === "1") {
      return htmlResponse(String(await <Content m={m} />), nonce);
    }
    return htmlResponse("<!doctype html>" + String(await <Page m={m} />), nonce);
  });
}
