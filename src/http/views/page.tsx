/**
 * The dashboard page (SPEC §14): asset selection, the content sections, auto-refresh, all
 * server-rendered and usable without JavaScript.
 *
 * @module
 */
import { Content, type ContentModel } from "./sections.tsx";
import { DASHBOARD_CSS, DASHBOARD_SCRIPT } from "./assets.ts";

/** Everything the page needs. */
export interface PageModel extends ContentModel {
  assets: string[];
  unknownAsset: string | null;
  autorefresh: boolean;
  refreshSeconds: number;
  nonce: string;
}

function dashboardUrl(asset: string | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (asset !== null) q.set("asset", asset);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s === "" ? "/dashboard" : `/dashboard?${s}`;
}

function assetOption(asset: string, selected: string | null) {
  return <option value={asset} selected={asset === selected}>{asset}</option>;
}

/** The full dashboard page. */
export function Page(props: { m: PageModel }) {
  const { m } = props;
  const refreshUrl = m.autorefresh && m.selected !== null
    ? dashboardUrl(m.selected, { partial: "1" })
    : "";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Alert Orchestrator</title>
        {m.autorefresh && (
          <noscript>
            <meta http-equiv="refresh" content={String(m.refreshSeconds)} />
          </noscript>
        )}
        <style nonce={m.nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_CSS }} />
      </head>
      <body>
        <h1>Alert Orchestrator</h1>
        <section id="section-asset" aria-labelledby="h-asset">
          <h2 id="h-asset">Asset selection</h2>
          <form id="asset-form" method="get" action="/dashboard">
            <label for="asset-select">Asset</label>
            <select id="asset-select" name="asset">
              {m.assets.map((a) => assetOption(a, m.selected))}
            </select>
            {!m.autorefresh && <input type="hidden" name="autorefresh" value="false" />}
            <button type="submit">Show</button>
          </form>
          {m.assets.length === 0 && <p class="muted">No assets configured.</p>}
        </section>
        {m.unknownAsset !== null && (
          <div class="notice" role="status" id="unknown-asset">
            Unknown asset "{m.unknownAsset}"; showing {m.selected ?? "nothing"} instead.
          </div>
        )}
        <main
          id="content"
          data-refresh-url={refreshUrl}
          data-refresh-ms={String(m.refreshSeconds * 1000)}
        >
          <Content m={m} />
        </main>
        <section id="section-refresh" aria-labelledby="h-refresh">
          <h2 id="h-refresh">Auto-refresh</h2>
          {m.autorefresh
            ? (
              <p id="refresh-state">
                Auto-refresh every {m.refreshSeconds} s.{" "}
                <a href={dashboardUrl(m.selected, { autorefresh: "false" })}>Disable</a>
              </p>
            )
            : (
              <p id="refresh-state">
                Auto-refresh disabled. <a href={dashboardUrl(m.selected)}>Enable</a>
              </p>
            )}
        </section>
        <script nonce={m.nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_SCRIPT }} />
      </body>
    </html>
  );
}
