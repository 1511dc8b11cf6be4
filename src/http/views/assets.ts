/**
 * Inline CSS and script of the dashboard (SPEC §14). Both are emitted with the response's
 * CSP nonce; no inline `style=` attributes are used anywhere, so the strict CSP holds.
 *
 * @module
 */

/** Dashboard stylesheet. */
export const DASHBOARD_CSS = `
:root { color-scheme: light; --ok: #1a7f37; --hold: #d97706; --err: #cf222e; --muted: #57606a; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1280px;
  padding: 1rem 1.25rem 3rem; color: #1f2328; background: #f6f8fa; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 0.75rem; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
form { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
select, button { font: inherit; padding: 0.3rem 0.6rem; }
.badge { display: inline-block; font-weight: 700; color: #fff; padding: 0.2rem 0.6rem; border-radius: 6px; }
.badge-withdraw_ok { background: #1a7f37; }
.badge-hold { background: #d97706; }
.badge-error { background: #cf222e; }
.decision { font-size: 1.2rem; margin: 0 0 0.5rem; }
.total { font-size: 1.1rem; font-weight: 600; }
.notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
.stale { background: #ffebe9; border: 1px solid #cf222e; color: #82071e; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; font-weight: 600; }
.muted { color: var(--muted); }
.line { margin: 0.25rem 0; font-variant-numeric: tabular-nums; }
.label { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #d0d7de; }
td.num, th.num { text-align: right; }
tr.total-row td { font-weight: 700; border-top: 2px solid #1f2328; }
img.chart { width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.trig { color: var(--err); font-weight: 700; }
.ok { color: var(--ok); font-weight: 700; }
.warn { color: #9a5b00; font-weight: 700; }
.neutral { color: var(--muted); font-weight: 700; }
.nowrap { white-space: nowrap; }
.notice, .reason, .stale { overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; }
@media (max-width: 640px) {
  body { padding: 0.5rem 0.5rem 2rem; }
  section { padding: 0.75rem; }
  table { font-size: 0.875rem; }
  th, td { padding: 0.3rem 0.3rem; }
}
`;

/**
 * Dashboard script: submit on asset change; when `#content` carries a refresh URL, fetch
 * the partial markup every `data-refresh-ms` and swap it in place, skipping while hidden.
 */
export const DASHBOARD_SCRIPT = `(() => {
  const form = document.getElementById("asset-form");
  const select = document.getElementById("asset-select");
  if (form && select) select.addEventListener("change", () => form.submit());
  const main = document.getElementById("content");
  const url = main ? main.dataset.refreshUrl : "";
  if (!url) return;
  const ms = Number(main.dataset.refreshMs) || 10000;
  let busy = false;
  const tick = async () => {
    if (document.hidden || busy) return;
    busy = true;
    try {
      const res = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (res.ok) {
        main.innerHTML = await res.text();
        main.dataset.refreshedAt = String(Date.now());
      }
    } catch (_e) {
      // Keep the current content; the next tick retries.
    } finally {
      busy = false;
    }
  };
  setInterval(tick, ms);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) tick();
  });
})();`;
