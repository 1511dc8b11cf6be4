/**
 * Composite options from the canonical configuration (`visualization.diagnostics`, §2.3.6),
 * so the chart routes and the diagnostics files draw the same chart.
 *
 * @module
 */

import { type Config, effectiveGate } from "../config/mod.ts";
import type { CompositeOptions } from "./composite.ts";

/**
 * {@link CompositeOptions} for `asset` from `config`; `size` overrides the configured width
 * and height (the `?width=&height=` of the chart routes).
 *
 * @example
 * ```ts
 * import { compositeOptionsFromConfig } from "./config_options.ts";
 * import type { Config } from "../config/mod.ts";
 * import { ConfigSchema } from "../config/schema.ts";
 * const config = ConfigSchema.parse({ domain: { assets: ["djed"] } }) as Config;
 * const opts = compositeOptionsFromConfig(config, "djed", { width: 800 });
 * console.assert(opts.width === 800 && opts.height === 1000);
 * ```
 */
export function compositeOptionsFromConfig(
  config: Config,
  asset: string,
  size: { width?: number; height?: number } = {},
): CompositeOptions {
  const d = config.visualization.diagnostics;
  const hours = d.lookback_hours_override;
  return {
    width: size.width ?? d.width,
    height: size.height ?? d.height,
    includeSigmaBand: d.include_sigma_band,
    includeKSigmaBand: d.include_k_sigma_band,
    aggregation: {
      enabled: d.aggregation.enabled,
      method: d.aggregation.method,
      time_unit: d.aggregation.time_unit,
      percentiles: d.aggregation.percentiles,
      show_raw_points: d.aggregation.show_raw_points,
      max_points: d.aggregation.max_points,
    },
    lookbackOverride: hours === null
      ? null
      : { lookbackHours: hours, gateSettings: effectiveGate(config, asset) },
  };
}
