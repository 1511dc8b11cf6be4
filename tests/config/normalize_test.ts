import assert from "node:assert/strict";
import { normalizedConfigJson } from "../../src/config/normalize.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { yaml } from "./helpers.ts";

const ADDR =
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg";

function keysSorted(v: unknown, path = "$"): void {
  if (Array.isArray(v)) return v.forEach((x, i) => keysSorted(x, `${path}[${i}]`));
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    assert.deepEqual(keys, [...keys].sort(), `keys of ${path} are sorted`);
    for (const k of keys) keysSorted((v as Record<string, unknown>)[k], `${path}.${k}`);
  }
}

const text = yaml(
  "client:",
  "  assets: [djed]",
  "  greptime:",
  "    username: reader",
  "    password_env: GREPTIME_PASSWORD",
  "  output: {dpi: 100}",
  "orchestrator:",
  "  wallets:",
  `    - ${ADDR}`,
  "  auth:",
  "    enabled: true",
  "    username: admin",
  "    pass_env: ADMIN_PASSWORD",
);
const env = { GREPTIME_PASSWORD: "db-secret", ADMIN_PASSWORD: "admin-secret" };

Deno.test("normalizedConfigJson() sorts keys recursively and adds _meta (§2.7)", () => {
  const parsed = parseConfig(text, { env, sourceName: "c.yaml" });
  const json = normalizedConfigJson(parsed.config, {
    source: "c.yaml",
    schema: parsed.schema,
    warnings: parsed.warnings,
  });
  const obj = JSON.parse(json);
  keysSorted(obj);
  assert.deepEqual(obj._meta, {
    source: "c.yaml",
    schema: "seed",
    warnings: ["client.output.dpi: accepted but ignored"],
  });
  assert.ok(json.startsWith('{\n  "_meta": {\n    "schema": "seed",'));
  assert.ok(json.endsWith("}\n"));
  // Every default is filled.
  assert.equal(obj.runtime.telemetry.expose.wallet_wmax_usd, false);
  assert.deepEqual(obj.maintenance.cleanup.paths, ["output"]);
});

Deno.test("normalizedConfigJson() redacts secrets, abbreviates wallets and hides env names", () => {
  const parsed = parseConfig(text, { env });
  const json = normalizedConfigJson(parsed.config, { source: "c", schema: "seed", warnings: [] });
  const obj = JSON.parse(json);
  assert.equal(obj.data.databases.greptime.password, "[REDACTED]");
  assert.equal(obj.runtime.auth.password_hash, "[REDACTED]");
  assert.equal(obj.data.databases.greptime.username, "reader");
  assert.deepEqual(obj.wallets, [{ address: "addr1qxj...jytg", label: null }]);
  for (
    const hidden of [
      "db-secret",
      "admin-secret",
      "GREPTIME_PASSWORD",
      "ADMIN_PASSWORD",
      ADDR,
      "sha256:",
    ]
  ) {
    assert.equal(json.includes(hidden), false, `${hidden} must not appear`);
  }
  // The parsed config itself is not modified.
  assert.equal(parsed.config.data.databases.greptime.password, "db-secret");
});

Deno.test("normalizedConfigJson() shows unset secrets as null", () => {
  const { config } = parseConfig("domain:\n  assets: [a]\n", {});
  const obj = JSON.parse(
    normalizedConfigJson(config, { source: "demo", schema: "demo", warnings: [] }),
  );
  assert.equal(obj.data.databases.greptime.password, null);
  assert.equal(obj.runtime.auth.password_hash, null);
  assert.equal(obj._meta.schema, "demo");
});

Deno.test("normalizedConfigJson() sorts integer-like keys as strings too (asset names may be digits)", () => {
  const { config } = parseConfig(
    yaml("domain:", "  assets: [a, '10', '2']", "  alternate_names: {a: x, '10': y, '2': z}"),
    {},
  );
  const json = normalizedConfigJson(config, { source: "c", schema: "v2", warnings: [] });
  const block = json.slice(json.indexOf('"alternate_names"'), json.indexOf('"assets"'));
  const keys = [...block.matchAll(/^ {6}"([^"]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(keys, ["10", "2", "a"]);
  assert.deepEqual(JSON.parse(json).domain.alternate_names, { a: "x", "10": "y", "2": "z" });
});
