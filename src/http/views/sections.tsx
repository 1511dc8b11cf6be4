/**
 * Dashboard sections 2–6 (SPEC §14): decision card, per-wallet table, chart, residual
 * gating, price comparison. Everything is text through JSX, so it is escaped.
 *
 * @module
 */
import type {
  AssetResult,
  GateResult,
  GateUnits,
  PriceCompareResult,
} from "../../evaluate/types.ts";
import { formatPercent, formatUsd } from "../format.ts";

/** Everything the content sections need. */
export interface ContentModel {
  selected: string | null;
  evaluationId: number | null;
  finishedAt: string | null;
  durationMs: number | null;
  result: AssetResult | null;
  stale: boolean;
  ageSeconds: number | null;
  chartAvailable: boolean;
  priceCompareEnabled: boolean;
  persistenceThreshold: number;
  centralConfidence: number;
}

const BADGES = {
  WITHDRAW_OK: { emoji: "✅", cls: "badge badge-withdraw_ok" },
  HOLD: { emoji: "⚠️", cls: "badge badge-hold" },
  ERROR: { emoji: "❌", cls: "badge badge-error" },
} as const;

function walletsText(n: number): string {
  return `${n} ${n === 1 ? "wallet" : "wallets"}`;
}

/** Human age such as `2 h 5 min` or `40 s`. */
export function formatAge(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

function Line(props: { id: string; label: string; children?: unknown }) {
  return (
    <p id={props.id} class="line">
      <span class="label">{props.label}:</span> {props.children}
    </p>
  );
}

function StaleBanner(props: { m: ContentModel }) {
  const { m } = props;
  if (!m.stale) return null;
  const text = m.ageSeconds === null
    ? "⚠️ No evaluation has completed yet."
    : `⚠️ Stale data: the last evaluation finished ${
      formatAge(m.ageSeconds)
    } ago (older than two intervals).`;
  return <div class="stale" role="alert" id="stale-banner">{text}</div>;
}

function StatusCard(props: { m: ContentModel }) {
  const { m } = props;
  const r = m.result;
  return (
    <section id="section-status" aria-labelledby="h-status">
      <h2 id="h-status">Decision status</h2>
      <StaleBanner m={m} />
      {r === null
        ? (
          <p class="muted" id="status-empty">
            {m.evaluationId === null
              ? "Waiting for the first evaluation."
              : "No result for this asset in the latest evaluation."}
          </p>
        )
        : (
          <div>
            <p class="decision" id="decision">
              <span class={BADGES[r.decision_label].cls}>
                {BADGES[r.decision_label].emoji} {r.decision_label}
              </span>{" "}
              ({r.ref_mode})
            </p>
            {r.reason !== null && <p class="reason" id="reason">Reason: {r.reason}</p>}
            <p class="total" id="total-wmax">
              Total W_max: {formatUsd(r.wmax_usd)} ({walletsText(r.wallet_count)})
            </p>
            {r.decision_label === "HOLD" && r.wmax_computed_usd > 0 && (
              <p id="computed-before-hold">
                Computed before hold: {formatUsd(r.wmax_computed_usd)}
              </p>
            )}
            <Line id="t0" label="t0">
              <span class="nowrap">{r.t0 ?? "n/a"}</span>
            </Line>
            <Line id="t1" label="t1">
              <span class="nowrap">{r.t1 ?? "n/a"}</span>
            </Line>
            <Line id="g-usd" label="G (corrected gains)">{formatUsd(r.g_usd)}</Line>
          </div>
        )}
      {m.evaluationId !== null && (
        <p class="muted" id="evaluated">
          Evaluated at <span class="nowrap">{m.finishedAt}</span>{" "}
          {`(evaluation #${m.evaluationId}, ${m.durationMs} ms)`}
        </p>
      )}
    </section>
  );
}

function WalletTable(props: { r: AssetResult | null }) {
  const { r } = props;
  return (
    <section id="section-wallets" aria-labelledby="h-wallets">
      <h2 id="h-wallets">Per-wallet breakdown</h2>
      {r === null || r.wallets.length === 0
        ? <p class="muted">No wallet data</p>
        : (
          <div class="table-scroll">
            <table id="wallet-table">
              <thead>
                <tr>
                  <th>Wallet Address</th>
                  <th class="num">W_max (USD)</th>
                </tr>
              </thead>
              <tbody>
                {r.wallets.map((w) => (
                  <tr>
                    <td>
                      <code>{w.wallet}</code>
                    </td>
                    <td class="num">{formatUsd(Math.max(0, w.wmax_usd))}</td>
                  </tr>
                ))}
                <tr class="total-row">
                  <td>Total</td>
                  <td class="num">{formatUsd(r.wmax_usd)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

function Chart(props: { m: ContentModel }) {
  const { m } = props;
  const asset = m.selected;
  const show = m.chartAvailable && asset !== null && m.evaluationId !== null;
  return (
    <section id="section-chart" aria-labelledby="h-chart">
      <h2 id="h-chart">Diagnostic chart</h2>
      {show
        ? (
          <div>
            <img
              class="chart"
              src={`/charts/${asset}.svg?v=${m.evaluationId}`}
              alt={`Residual gate diagnostic for ${asset!.toUpperCase()}`}
              width="1200"
              height="1000"
            />
            <p>
              <a href={`/charts/${asset}.png?v=${m.evaluationId}`}>Download PNG</a>
            </p>
          </div>
        )
        : <p class="muted" id="chart-missing">chart not available</p>}
    </section>
  );
}

function gateValue(v: number | null, units: GateUnits): string {
  if (units === "usd_price") return formatUsd(v, 4);
  if (units === "usd_per_hour") return v === null ? "n/a" : `${formatUsd(v)}/h`;
  return formatUsd(v);
}

function kText(k: number): string {
  return Number.isInteger(k) ? k.toFixed(1) : String(k);
}

function triggerCondition(g: GateResult): string {
  if (g.threshold_mode === "percentile") {
    if (g.sides === "upper") return "residual > upper bound";
    if (g.sides === "lower") return "residual < lower bound";
    return "residual outside band";
  }
  if (g.sides === "upper") return "residual > threshold";
  if (g.sides === "lower") return "residual < -threshold";
  return "|residual| > threshold";
}

/** The gate status text of §14 item 5. */
export function gateStatusText(g: GateResult): string {
  switch (g.status) {
    case "not_applicable":
      return "NOT APPLIED";
    case "insufficient_data":
      return `INSUFFICIENT DATA (${g.n_points ?? 0} of ${g.n_min ?? 0})`;
    case "degenerate_sigma":
      return "DEGENERATE SIGMA";
    case "triggered":
      return `⚠️ TRIGGERED (${triggerCondition(g)})`;
    default:
      return "✅ NOT TRIGGERED";
  }
}

/**
 * CSS class of the gate status line: green only when the gate ran and passed, red when it
 * triggered, neutral for the states in which it did not decide (not applied, insufficient
 * data, degenerate σ).
 *
 * @example
 * ```ts ignore
 * gateStatusClass({ ...gate, status: "insufficient_data" }); // "neutral"
 * ```
 */
export function gateStatusClass(g: GateResult): "ok" | "trig" | "neutral" {
  if (g.status === "ok") return "ok";
  if (g.status === "triggered") return "trig";
  return "neutral";
}

function Gate(props: { m: ContentModel }) {
  const r = props.m.result;
  const g = r?.gate ?? null;
  const computed = g !== null && g.status !== "not_applicable" &&
    g.status !== "insufficient_data";
  return (
    <section id="section-gate" aria-labelledby="h-gate">
      <h2 id="h-gate">Residual gating</h2>
      {g === null ? <p class="muted">No gate result</p> : (
        <div id="gate">
          {computed && (
            <>
              <Line id="gate-residual" label="Residual (t1)">{gateValue(g.residual, g.units)}</Line>
              <Line id="gate-sigma" label="Sigma (σ)">{gateValue(g.sigma, g.units)}</Line>
            </>
          )}
          {computed && g.threshold_upper !== null && g.threshold_mode === "stddev" && (
            <Line id="gate-threshold" label="k*σ Threshold">
              {gateValue(g.threshold_upper, g.units)} (k={kText(g.k_sigma)})
            </Line>
          )}
          {computed && g.threshold_upper !== null && g.threshold_lower !== null &&
            g.threshold_mode === "percentile" && (
            <Line id="gate-threshold" label="Percentile band">
              [{gateValue(g.threshold_lower, g.units)},{" "}
              {gateValue(g.threshold_upper, g.units)}] (central_confidence={String(
                props.m.centralConfidence,
              )})
            </Line>
          )}
          <p id="gate-status" class={gateStatusClass(g)}>
            Status: {gateStatusText(g)}
          </p>
        </div>
      )}
    </section>
  );
}

/**
 * CSS class of the mismatch line: red when the mismatch held the decision, orange for a
 * mismatch that did not (flag_only, or persistence not reached yet), grey when the prices
 * were unavailable, plain for no mismatch.
 *
 * @example
 * ```ts ignore
 * mismatchClass({ ...pc, mismatch: true, held: false, action: "flag_only" }); // "warn"
 * ```
 */
export function mismatchClass(pc: PriceCompareResult): "trig" | "warn" | "neutral" | "plain" {
  if (pc.held) return "trig";
  if (pc.unavailable) return "neutral";
  return pc.mismatch ? "warn" : "plain";
}

function Prices(props: { m: ContentModel }) {
  const { m } = props;
  if (!m.priceCompareEnabled) return null;
  const pc = m.result?.price_compare ?? null;
  const obs = pc?.observations ?? [];
  const ref = obs.length > 0 ? obs[0].price_usd : null;
  const eps = pc === null
    ? ""
    : pc.epsilon_mode === "relative"
    ? `relative ε=${formatPercent(pc.tolerance_epsilon)}`
    : `absolute ε=${formatUsd(pc.tolerance_epsilon, 4)}`;
  return (
    <section id="section-prices" aria-labelledby="h-prices">
      <h2 id="h-prices">Price comparison</h2>
      {pc === null ? <p class="muted">Price comparison not available for this result</p> : (
        <div>
          {obs.length > 0 && (
            <div class="table-scroll">
              <table id="price-table">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th class="num">Price (USD)</th>
                    <th class="num">Delta (Abs)</th>
                    <th class="num">Delta (%)</th>
                  </tr>
                </thead>
                <tbody>
                  {obs.map((o, i) => {
                    const d = ref === null ? null : Math.abs(o.price_usd - ref);
                    return (
                      <tr>
                        <td>{o.provider}</td>
                        <td class="num">{formatUsd(o.price_usd, 4)}</td>
                        <td class="num">{i === 0 ? "-" : formatUsd(d, 4)}</td>
                        <td class="num">
                          {i === 0 || ref === null || ref === 0 ? "-" : formatPercent(d! / ref)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <p id="mismatch" class={mismatchClass(pc)}>
            {pc.unavailable
              ? "Unavailable"
              : `Mismatch: ${
                pc.mismatch ? "YES" : "NO"
              } (${eps}, consecutive ${pc.consecutive_mismatches}/${m.persistenceThreshold}, action ${pc.action})`}
          </p>
        </div>
      )}
    </section>
  );
}

/** Sections 2–6: the markup swapped in place by auto-refresh (`?partial=1`). */
export function Content(props: { m: ContentModel }) {
  const { m } = props;
  return (
    <>
      <StatusCard m={m} />
      <WalletTable r={m.result} />
      <Chart m={m} />
      <Gate m={m} />
      <Prices m={m} />
    </>
  );
}
