/**
 * Chart routes (SPEC §13.1, §15): `/charts/<asset>.svg` and `.png` rendered from the chart
 * data cached in the published record, with ETag = evaluation id + size and a small cache of
 * rendered bodies. The only database query is §15.3 server downsampling of a plot range
 * reaching beyond the window (§15.1), done once per evaluation and asset.
 *
 * @module
 */
import type { Hono } from "hono";
import type { ChartData } from "../evaluate/types.ts";
import { resolveChartForDrawing } from "../chart/resolve_chart.ts";
import type { AppDeps, AppEnv } from "./deps.ts";
import { findResult } from "./deps.ts";
import { HttpProblem } from "./problem.ts";
import { SVG_CSP } from "./security.ts";

const FILE_RE = /^([a-z0-9_]{1,48})\.(svg|png)$/;
const CACHE_LIMIT = 32;

function dimension(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
): number {
  if (raw === undefined || raw === "") return fallback;
  const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new HttpProblem("invalid-request", `${name} must be an integer in [${min}, ${max}]`);
  }
  return v;
}

/**
 * True when an `If-None-Match` header value matches `etag` under the weak comparison of
 * RFC 9110 §13.1.2: a comma-separated list of entity tags (`W/` prefixes ignored) or `*`.
 *
 * @example
 * ```ts
 * import { ifNoneMatchHits } from "./routes_charts.ts";
 * console.assert(ifNoneMatchHits('W/"1-400x300", "x"', '"1-400x300"'));
 * console.assert(!ifNoneMatchHits('"2-400x300"', '"1-400x300"'));
 * ```
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const wanted = etag.replace(/^W\//, "");
  return header.split(",").some((raw) => {
    const tag = raw.trim();
    return tag === "*" || tag.replace(/^W\//, "") === wanted;
  });
}

/** Registers the chart routes on `app`. */
export function registerChartRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const cache = new Map<string, Promise<string | Uint8Array>>();
  const diag = deps.config.visualization.diagnostics;

  function remember(key: string, make: () => Promise<string | Uint8Array>) {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = make();
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
      while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    }
    return hit;
  }

  // Charts completed with the server query, per evaluation and asset (failures not kept).
  const resolved = new Map<string, Promise<ChartData | null>>();
  /** The chart to draw; null when the server query failed (draw the cached chart, uncached). */
  function drawable(
    evaluationId: number,
    asset: string,
    chart: ChartData,
  ): Promise<ChartData | null> {
    const client = deps.greptime;
    if (!chart.serverDownsample || !client) return Promise.resolve(chart);
    const key = `${evaluationId}:${asset}`;
    let hit = resolved.get(key);
    if (hit === undefined) {
      hit = resolveChartForDrawing(chart, client, { signal: AbortSignal.timeout(30_000) })
        .catch((err) => {
          resolved.delete(key);
          deps.logger?.warning(
            `chart ${asset}: server downsampling failed, drawing the window only (${
              err instanceof Error ? err.message : err
            })`,
          );
          return null;
        });
      for (const k of resolved.keys()) {
        if (!k.startsWith(`${evaluationId}:`)) resolved.delete(k);
      }
      resolved.set(key, hit);
    }
    return hit;
  }

  app.get("/charts/:file", async (c) => {
    const m = FILE_RE.exec(c.req.param("file"));
    if (m === null) throw new HttpProblem("not-found", "no such chart");
    const [, asset, format] = m;
    if (!deps.config.domain.assets.includes(asset)) {
      throw new HttpProblem("not-found", `unknown asset "${asset}"`);
    }
    const svgRenderer = deps.renderChartSvg;
    const pngRenderer = deps.renderChartPng;
    if (!svgRenderer || (format === "png" && !pngRenderer)) {
      throw new HttpProblem("not-found", "chart not available");
    }
    const width = dimension(c.req.query("width"), diag.width, 400, 4000, "width");
    const height = dimension(c.req.query("height"), diag.height, 300, 4000, "height");
    const record = deps.store.latest();
    if (record === null) throw new HttpProblem("not-ready", "no evaluation has completed yet");
    const found = findResult(record, asset);
    const chart = found === null ? null : record.details[found.index]?.chart ?? null;
    if (chart === null) {
      throw new HttpProblem(
        "not-found",
        `no chart data for "${asset}" in evaluation #${record.evaluation_id}`,
      );
    }
    const etag = `"${record.evaluation_id}-${width}x${height}"`;
    const common = { "ETag": etag, "Cache-Control": "no-cache" };
    if (ifNoneMatchHits(c.req.header("If-None-Match"), etag)) {
      return new Response(null, { status: 304, headers: common });
    }
    const key = `${record.evaluation_id}:${asset}:${width}x${height}`;
    const ready = await drawable(record.evaluation_id, asset, chart);
    const svg = ready === null ? svgRenderer(chart, { width, height }) : (await remember(
      `svg:${key}`,
      () => Promise.resolve(svgRenderer(ready, { width, height })),
    )) as string;
    const keep = ready !== null;
    if (format === "svg") {
      return new Response(svg, {
        headers: {
          ...common,
          "Content-Type": "image/svg+xml; charset=utf-8",
          "Content-Security-Policy": SVG_CSP,
        },
      });
    }
    const png = keep
      ? await remember(`png:${key}`, () => pngRenderer!(svg)) as Uint8Array
      : await pngRenderer!(svg);
    return new Response(png as BufferSource, {
      headers: { ...common, "Content-Type": "image/png" },
    });
  });
}
