/**
 * Canonical configuration schema (SPEC §2.3). The single source of truth for the
 * `Config` type: the seed and v2 YAML schemas are both mapped onto this layout
 * before validation (see `parse.ts`).
 *
 * Field rules produce the exact messages of §2.1.5 (`must be in (0, 1], got 1.5`).
 * Cross-field rules (§2.4) live in `rules.ts`.
 *
 * @module
 */
import { z } from "zod";

/** Describes an interval for range messages such as `must be in (0, 1], got 1.5`. */
interface Range {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

function rangeText(r: Range): string {
  if (r.gt !== undefined && r.lte !== undefined) return `in (${r.gt}, ${r.lte}]`;
  if (r.gt !== undefined && r.lt !== undefined) return `in (${r.gt}, ${r.lt})`;
  if (r.gte !== undefined && r.lte !== undefined) return `in [${r.gte}, ${r.lte}]`;
  if (r.gte !== undefined && r.lt !== undefined) return `in [${r.gte}, ${r.lt})`;
  if (r.gt !== undefined) return `> ${r.gt}`;
  if (r.gte !== undefined) return `>= ${r.gte}`;
  if (r.lt !== undefined) return `< ${r.lt}`;
  return `<= ${r.lte}`;
}

function inRange(v: number, r: Range): boolean {
  return (r.gt === undefined || v > r.gt) && (r.gte === undefined || v >= r.gte) &&
    (r.lt === undefined || v < r.lt) && (r.lte === undefined || v <= r.lte);
}

/** JSON Schema bound keywords (draft 2020-12) for a range, so generated docs carry the rule. */
function rangeKeywords(r: Range): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.gt !== undefined) out.exclusiveMinimum = r.gt;
  if (r.gte !== undefined) out.minimum = r.gte;
  if (r.lt !== undefined) out.exclusiveMaximum = r.lt;
  if (r.lte !== undefined) out.maximum = r.lte;
  return out;
}

/** A finite double with an optional range rule. */
export function num(r: Range = {}): z.ZodNumber {
  const base = z.number();
  if (Object.keys(r).length === 0) return base;
  return (base.check((ctx) => {
    if (!inRange(ctx.value, r)) {
      ctx.issues.push({
        code: "custom",
        message: `must be ${rangeText(r)}, got ${ctx.value}`,
        input: ctx.value,
      });
    }
  }) as unknown as z.ZodNumber).meta(rangeKeywords(r));
}

/**
 * An integer with an optional range rule. Built on `z.number()` with a custom check so the
 * messages stay exactly those of §2.1.5 (`must be in [1, 65535], got 0`,
 * `expected integer, got 1.5`); the metadata makes the generated JSON Schema and docs
 * show the key as `integer` / `int` with its bounds.
 */
export function int(r: Range = {}): z.ZodNumber {
  const base = z.number().check((ctx) => {
    if (!Number.isInteger(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        message: `expected integer, got ${ctx.value}`,
        input: ctx.value,
      });
    } else if (!inRange(ctx.value, r)) {
      ctx.issues.push({
        code: "custom",
        message: `must be ${rangeText(r)}, got ${ctx.value}`,
        input: ctx.value,
      });
    }
  });
  return (base as unknown as z.ZodNumber).meta({ type: "integer", ...rangeKeywords(r) });
}

/** A string matching `re`; the message names the pattern and the value. */
export function pattern(re: RegExp, what = `match ${re.source}`): z.ZodString {
  return z.string().check((ctx) => {
    if (!re.test(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        message: `must ${what}; got ${JSON.stringify(ctx.value)}`,
        input: ctx.value,
      });
    }
  }) as unknown as z.ZodString;
}

/** An enum whose error message lists the allowed values (§2.1.5). */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, {
    error: (iss) =>
      `must be one of ${values.join(", ")}; got ${
        typeof iss.input === "string" ? JSON.stringify(iss.input) : String(iss.input)
      }`,
  }) as unknown as z.ZodEnum<{ [K in T[number]]: K }>;
}

/** Asset name rule of §2.3.1. */
export const ASSET_RE = /^[a-z0-9_]{1,48}$/;
/** Table prefix rule of §2.3.2. */
export const PREFIX_RE = /^[a-z_][a-z0-9_]{0,63}$/;
/** Database name rule of §2.3.2. */
export const DATABASE_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
/** Cardano address rule of §2.3.1. */
export const ADDRESS_RE = /^addr(_test)?1[02-9ac-hj-np-z]{50,120}$/;

const assetName = pattern(ASSET_RE, "match ^[a-z0-9_]{1,48}$");
const prefix = pattern(PREFIX_RE, "be an identifier prefix (^[a-z_][a-z0-9_]{0,63}$)");
const nullableStr = z.string().nullable();

/** Alignment methods of §5.2. */
export const ALIGNMENT_METHODS = [
  "none",
  "right_open",
  "snap_to_next_pos",
  "snap_to_prev_pos",
  "snap_to_nearest_pos",
  "detect_spike",
] as const;
/** Alignment method name. */
export type AlignmentMethod = typeof ALIGNMENT_METHODS[number];

/** Price provider names after alias normalisation (§2.3.3). */
export const PROVIDERS = [
  "liqwid_graphql",
  "minswap_aggregator",
  "greptime(liqwid)",
  "greptime(minswap)",
] as const;
/** Price provider name. */
export type ProviderName = typeof PROVIDERS[number];

/** Metric expose keys of §12.2 (with their defaults). */
export const EXPOSE_DEFAULTS = {
  decision: true,
  wmax_usd: true,
  wmax_computed_usd: true,
  wallet_count: true,
  v_ref_usd: true,
  v_t1_usd: true,
  g_usd: true,
  price_t1_usd: true,
  t0_timestamp_seconds: true,
  t1_timestamp_seconds: true,
  residual_usd: true,
  sigma_usd: true,
  k_sigma: true,
  residual_trigger: true,
  residual_thresholds: true,
  price_usd: true,
  price_delta_abs: true,
  price_delta_rel: true,
  price_mismatch: true,
  price_compare_unavailable: true,
  price_mismatch_consecutive: true,
  wallet_wmax_usd: false,
  operational: true,
} as const;
/** Metric expose key. */
export type ExposeKey = keyof typeof EXPOSE_DEFAULTS;

const gateFields = {
  enabled: z.boolean(),
  apply_in_fallback: z.boolean(),
  basis: oneOf(["corrected_position", "change_rate_usd", "price_usd"] as const),
  method: oneOf(["polynomial_fit", "median"] as const),
  polynomial_order: int({ gte: 1, lte: 6 }),
  k_sigma: num({ gt: 0 }),
  min_points: int({ gte: 3 }),
  exclude_last_for_sigma: z.boolean(),
  lookback_hours: num({ gt: 0 }).nullable(),
  sigma_epsilon: num({ gt: 0 }),
  threshold_mode: oneOf(["stddev", "percentile"] as const),
  central_confidence: num({ gt: 0, lt: 1 }),
  sides: oneOf(["both", "upper", "lower"] as const),
};

const gateDefaults = {
  enabled: false,
  apply_in_fallback: true,
  basis: "corrected_position",
  method: "polynomial_fit",
  polynomial_order: 2,
  k_sigma: 2.0,
  min_points: 20,
  exclude_last_for_sigma: true,
  lookback_hours: null,
  sigma_epsilon: 1e-6,
  threshold_mode: "stddev",
  central_confidence: 0.68,
  sides: "both",
} as const;

/** Partial gate settings for `gate.per_asset` (explicit null overrides, §23.19). */
export const GatePartialSchema = z.strictObject(
  Object.fromEntries(Object.entries(gateFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof gateFields]: z.ZodOptional<typeof gateFields[K]>;
  },
);

const trendFields = {
  enabled: z.boolean(),
  method: oneOf(["polynomial_fit", "moving_average"] as const),
  window_type: oneOf(["polynomial", "gaussian", "boxcar", "none"] as const),
  window_size_hours: num({ gt: 0 }),
  polynomial_order: int({ gte: 1, lte: 6 }),
  gaussian_std: num({ gt: 0, lte: 1 }),
};

/** Partial trend settings for `trend_indicator.per_asset`. */
export const TrendPartialSchema = z.strictObject(
  Object.fromEntries(Object.entries(trendFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof trendFields]: z.ZodOptional<typeof trendFields[K]>;
  },
);

const priceOverride = z.strictObject({
  epsilon_mode: oneOf(["relative", "absolute"] as const).optional(),
  tolerance_epsilon: num({ gte: 0 }).optional(),
  action_on_mismatch: oneOf(["hold", "flag_only"] as const).optional(),
  persistence_threshold: int({ gte: 1 }).optional(),
});

const walletSchema = z.strictObject({
  address: pattern(ADDRESS_RE, "be a Cardano address (addr1…)"),
  label: z.string().max(64).nullable().default(null),
});

const exposeSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(EXPOSE_DEFAULTS).map(([k, v]) => [k, z.boolean().default(v)]),
  ) as { [K in ExposeKey]: z.ZodDefault<z.ZodBoolean> },
).prefault({});

/** The canonical configuration schema (§2.3); every default filled on parse. */
export const ConfigSchema = z.strictObject({
  settings: z.strictObject({
    timezone: z.string().default("UTC"),
    currency: pattern(/^[a-z]{3}$/, "be a 3-letter currency code").default("usd"),
    log_level: oneOf(["DEBUG", "INFO", "WARNING", "ERROR"] as const).default("INFO"),
  }).prefault({}),
  wallets: z.array(walletSchema).default([]),
  domain: z.strictObject({
    assets: z.array(assetName).default([]),
    alternate_names: z.record(z.string(), assetName).default({}),
  }).prefault({}),
  data: z.strictObject({
    databases: z.strictObject({
      greptime: z.strictObject({
        host: z.string().default("http://localhost"),
        port: int({ gte: 1, lte: 65535 }).default(4000),
        database: pattern(DATABASE_RE, "match ^[A-Za-z_][A-Za-z0-9_-]{0,63}$").default("liqwid"),
        timeout: num({ gt: 0, lte: 300 }).default(10),
        username: nullableStr.default(null),
        password: nullableStr.default(null),
        max_attempts: int({ gte: 1, lte: 10 }).default(3),
      }).prefault({}),
    }).prefault({}),
    datasets: z.strictObject({
      transactions: z.strictObject({
        alignment_method: oneOf(ALIGNMENT_METHODS).default("none"),
        memo_column: oneOf(["auto", "notes", "memo"] as const).default("auto"),
        sources: z.strictObject({
          liqwid: z.strictObject({
            table_asset_prefix: prefix.default("liqwid_supply_positions_"),
            deposits_prefix: prefix.default("liqwid_deposits_"),
            withdrawals_prefix: prefix.default("liqwid_withdrawals_"),
          }).prefault({}),
          minswap: z.strictObject({
            table_price_prefix: prefix.default("minswap_prices_"),
            database: pattern(DATABASE_RE, "match ^[A-Za-z_][A-Za-z0-9_-]{0,63}$").default(
              "minswap",
            ),
          }).prefault({}),
        }).prefault({}),
      }).prefault({}),
    }).prefault({}),
    date_range: z.strictObject({
      start: nullableStr.default(null),
      end: nullableStr.default(null),
    }).prefault({}),
  }).prefault({}),
  prices: z.strictObject({
    sources: z.array(pattern(/^[a-z0-9_]{1,32}$/, "match ^[a-z0-9_]{1,32}$")).default([]),
    priority_by_logical: z.record(z.string(), z.array(oneOf(PROVIDERS))).default({}),
    duty_cycle_threshold: num({ gt: 0, lte: 1 }).default(0.9),
    duty_cycle_window_hours: num({ gt: 0 }).default(24),
    request_timeout_seconds: num({ gt: 0, lte: 120 }).default(10),
    token_registry_path: z.string().default("config/token_registry.csv"),
    endpoints: z.strictObject({
      liqwid_graphql: nullableStr.default(null),
      minswap_aggregator: nullableStr.default(null),
    }).prefault({}),
    transaction_sync: z.strictObject({
      enabled: z.boolean().default(false),
      start_date: nullableStr.default(null),
      end_date: nullableStr.default(null),
      tag_withdrawals: z.boolean().default(true),
      request_timeout_seconds: num({ gt: 0 }).default(30),
    }).prefault({}),
  }).prefault({}),
  analysis: z.strictObject({
    decision: z.strictObject({
      reference: z.strictObject({
        keyword: z.string().default("alert_driven_withdrawal"),
        fallback: oneOf(["null", "data_range"] as const).default("null"),
      }).prefault({}),
      safety_factor: z.strictObject({ c: num({ gt: 0, lte: 1 }).default(0.5) }).prefault({}),
      gate: z.strictObject({
        enabled: gateFields.enabled.default(gateDefaults.enabled),
        apply_in_fallback: gateFields.apply_in_fallback.default(gateDefaults.apply_in_fallback),
        basis: gateFields.basis.default(gateDefaults.basis),
        method: gateFields.method.default(gateDefaults.method),
        polynomial_order: gateFields.polynomial_order.default(gateDefaults.polynomial_order),
        k_sigma: gateFields.k_sigma.default(gateDefaults.k_sigma),
        min_points: gateFields.min_points.default(gateDefaults.min_points),
        exclude_last_for_sigma: gateFields.exclude_last_for_sigma.default(
          gateDefaults.exclude_last_for_sigma,
        ),
        lookback_hours: gateFields.lookback_hours.default(gateDefaults.lookback_hours),
        sigma_epsilon: gateFields.sigma_epsilon.default(gateDefaults.sigma_epsilon),
        threshold_mode: gateFields.threshold_mode.default(gateDefaults.threshold_mode),
        central_confidence: gateFields.central_confidence.default(gateDefaults.central_confidence),
        sides: gateFields.sides.default(gateDefaults.sides),
        whitelist: z.array(assetName).default([]),
        per_asset: z.record(z.string(), GatePartialSchema).default({}),
      }).prefault({}),
    }).prefault({}),
    price_compare: z.strictObject({
      enabled: z.boolean().default(false),
      sources: z.union([z.literal("@prices.sources"), z.array(z.string())]).default(
        "@prices.sources",
      ),
      epsilon_mode: oneOf(["relative", "absolute"] as const).default("relative"),
      tolerance_epsilon: num({ gte: 0 }).default(0.01),
      per_asset_overrides: z.record(z.string(), priceOverride).default({}),
      action_on_mismatch: oneOf(["hold", "flag_only"] as const).default("hold"),
      persistence_threshold: int({ gte: 1 }).default(1),
    }).prefault({}),
    trend_indicator: z.strictObject({
      enabled: z.boolean().default(true),
      method: trendFields.method.default("polynomial_fit"),
      window_type: trendFields.window_type.default("polynomial"),
      window_size_hours: trendFields.window_size_hours.default(24),
      polynomial_order: trendFields.polynomial_order.default(2),
      gaussian_std: trendFields.gaussian_std.default(0.3),
      per_asset: z.record(z.string(), TrendPartialSchema).default({}),
    }).prefault({}),
  }).prefault({}),
  runtime: z.strictObject({
    schedule: z.strictObject({
      interval_minutes: int({ gte: 1 }).default(60),
      evaluation_timeout_seconds: num({ gt: 0 }).default(120),
    }).prefault({}),
    telemetry: z.strictObject({
      enabled: z.boolean().default(true),
      listen_address: z.string().default("0.0.0.0"),
      listen_port: int({ gte: 1, lte: 65535 }).default(9808),
      path: z.string().default("/metrics"),
      metric_prefix: pattern(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "match ^[a-zA-Z_][a-zA-Z0-9_]*$")
        .default("wo_"),
      expose: exposeSchema,
      default_metrics: z.boolean().default(false),
    }).prefault({}),
    auth: z.strictObject({
      enabled: z.boolean().default(false),
      username: nullableStr.default(null),
      password_hash: nullableStr.default(null),
      protect_metrics: z.boolean().default(false),
      max_failures: int({ gte: 1 }).default(5),
      failure_window_seconds: num({ gt: 0 }).default(300),
      trust_proxy: z.boolean().default(false),
    }).prefault({}),
    http: z.strictObject({
      allowed_origins: z.array(z.string()).default([]),
    }).prefault({}),
  }).prefault({}),
  visualization: z.strictObject({
    diagnostics: z.strictObject({
      enabled: z.boolean().default(false),
      dir: z.string().default("output"),
      include_sigma_band: z.boolean().default(true),
      include_k_sigma_band: z.boolean().default(true),
      lookback_hours_override: num({ gt: 0 }).nullable().default(null),
      width: int({ gte: 400, lte: 4000 }).default(1200),
      height: int({ gte: 300, lte: 4000 }).default(1000),
      font_file: nullableStr.default(null),
      plot_range: z.strictObject({
        mode: oneOf(["inherit", "custom", "relative"] as const).default("inherit"),
        start: nullableStr.default(null),
        end: nullableStr.default(null),
        relative_duration: pattern(/^\d+[hdw]$/, "match ^\\d+[hdw]$").nullable().default(null),
      }).prefault({}),
      aggregation: z.strictObject({
        enabled: z.boolean().default(true),
        method: oneOf(["whiskers", "lttb", "none"] as const).default("whiskers"),
        time_unit: oneOf(
          ["auto", "1min", "5min", "15min", "30min", "1h", "6h", "12h", "1d", "3d", "1w"] as const,
        ).default("auto"),
        percentiles: z.array(num({ gte: 0, lte: 100 })).default([10, 25, 50, 75, 90]),
        show_raw_points: z.boolean().default(false),
        max_points: int({ gte: 100, lte: 20000 }).default(1500),
        server_downsample: z.boolean().default(true),
      }).prefault({}),
    }).prefault({}),
  }).prefault({}),
  maintenance: z.strictObject({
    cleanup: z.strictObject({
      enabled: z.boolean().default(false),
      expire_before: z.string().default("7d"),
      // null = [<diagnostics.dir>], filled in by the cross-field pass.
      paths: z.array(z.string()).nullable().default(null),
      extensions: z.array(z.string()).default([".png", ".svg"]),
    }).prefault({}),
  }).prefault({}),
});

/** Configuration as written (before defaults): what `ConfigSchema` accepts. */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** Canonical, fully defaulted configuration. */
export type Config = z.output<typeof ConfigSchema>;
/** Effective residual-gate settings for one asset (global merged with per_asset). */
export type GateSettings = Omit<Config["analysis"]["decision"]["gate"], "whitelist" | "per_asset">;
/** Effective trend settings for one asset. */
export type TrendSettings = Omit<Config["analysis"]["trend_indicator"], "per_asset">;
