import assert from "node:assert/strict";
import type { z } from "zod";
import type { ConfigSchema } from "../../src/config/schema.ts";
import type { Config } from "../../src/config/types_gen.ts";
import { generateConfigArtifacts, OUTPUTS } from "../../scripts/gen_config_types.ts";

type Inferred = z.output<typeof ConfigSchema>;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;

// Compile-time checks: the generated interface and the schema's output type are the same type.
const generatedToInferred: [Config] extends [Inferred] ? true : false = true;
const inferredToGenerated: [Inferred] extends [Config] ? true : false = true;
const identical: Equals<Config, Inferred> = true;

Deno.test("generated Config is equivalent to z.output<typeof ConfigSchema>", () => {
  assert.deepEqual([generatedToInferred, inferredToGenerated, identical], [true, true, true]);
});

Deno.test("generated files are up to date (run `deno task gen:config`)", async () => {
  const files = await generateConfigArtifacts();
  const root = new URL("../../", import.meta.url);
  for (const [key, rel] of Object.entries(OUTPUTS)) {
    const onDisk = await Deno.readTextFile(new URL(rel, root));
    assert.equal(onDisk, files[key as keyof typeof files], `${rel} is stale`);
  }
});

Deno.test("docs/configuration.md lists every canonical key with its default", async () => {
  const { docsMd } = await generateConfigArtifacts();
  assert.match(docsMd, /\| `analysis\.decision\.safety_factor\.c` \| num \| `0\.5` \|/);
  assert.match(docsMd, /\| `runtime\.telemetry\.expose\.wallet_wmax_usd` \| bool \| `false` \|/);
  assert.match(docsMd, /\| `wallets\[\]\.address` \| str \| — \|/);
});

Deno.test("integer keys are typed int in the docs and integer (with bounds) in the JSON Schema", async (t) => {
  const { docsMd, schemaJson } = await generateConfigArtifacts();
  const json = JSON.parse(schemaJson);
  const cases: { key: string; jsonPath: string[]; min: number; max?: number }[] = [
    {
      key: "data.databases.greptime.port",
      jsonPath: ["data", "databases", "greptime", "port"],
      min: 1,
      max: 65535,
    },
    {
      key: "runtime.telemetry.listen_port",
      jsonPath: ["runtime", "telemetry", "listen_port"],
      min: 1,
      max: 65535,
    },
    {
      key: "runtime.schedule.interval_minutes",
      jsonPath: ["runtime", "schedule", "interval_minutes"],
      min: 1,
    },
    {
      key: "analysis.decision.gate.min_points",
      jsonPath: ["analysis", "decision", "gate", "min_points"],
      min: 3,
    },
    {
      key: "visualization.diagnostics.width",
      jsonPath: ["visualization", "diagnostics", "width"],
      min: 400,
      max: 4000,
    },
  ];
  for (const c of cases) {
    await t.step(c.key, () => {
      const escaped = c.key.replaceAll(".", "\\.");
      assert.match(docsMd, new RegExp(`\\| \`${escaped}\` \\| int \\|`));
      let node = json;
      for (const k of c.jsonPath) node = node.properties[k];
      assert.equal(node.type, "integer");
      assert.equal(node.minimum, c.min);
      assert.equal(node.maximum, c.max);
    });
  }
  await t.step("finite doubles stay num / number with exclusive bounds", () => {
    assert.match(docsMd, /\| `data\.databases\.greptime\.timeout` \| num \|/);
    const timeout =
      json.properties.data.properties.databases.properties.greptime.properties.timeout;
    assert.equal(timeout.type, "number");
    assert.equal(timeout.exclusiveMinimum, 0);
    assert.equal(timeout.maximum, 300);
  });
});
