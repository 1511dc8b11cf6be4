/**
 * Gate applicability (SPEC §6.1, §23.10).
 *
 * @module
 */

import type { GateSettings } from "../config/types_gen.ts";
import type { RefMode } from "./types.ts";

/** Facts about the asset that decide applicability besides the settings. */
export interface GateApplicabilityContext {
  /** The asset is on the gate whitelist, or the whitelist is empty. */
  whitelisted: boolean;
  /** How t0 was found (§4). */
  refMode: RefMode;
}

/**
 * Gate applicability (§6.1): effective `enabled`, whitelisted, and `ref_mode` keyword, or
 * data_range with `apply_in_fallback`. `settings` are the asset's effective settings (global
 * merged with per_asset; see `effectiveGate` in src/config/effective.ts).
 *
 * @example
 * ```ts
 * import { isGateApplicable } from "./gate_applicability.ts";
 * const settings = { enabled: true, apply_in_fallback: false };
 * isGateApplicable(settings, { whitelisted: true, refMode: "keyword" }); // true
 * isGateApplicable(settings, { whitelisted: true, refMode: "data_range" }); // false
 * ```
 */
export function isGateApplicable(
  settings: Pick<GateSettings, "enabled" | "apply_in_fallback">,
  ctx: GateApplicabilityContext,
): boolean {
  if (!settings.enabled || !ctx.whitelisted) return false;
  return ctx.refMode === "keyword" || (ctx.refMode === "data_range" && settings.apply_in_fallback);
}
