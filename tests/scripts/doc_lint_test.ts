import assert from "node:assert/strict";
import { isTolerated, parseDocLint } from "../../scripts/doc_lint.ts";

const NPM = "/root/.cache/deno/npm/registry.npmjs.org/prom-client/15.1.3/index.d.ts";

const OUTPUT = [
  "Download something",
  "error[missing-jsdoc]: exported symbol is missing JSDoc documentation",
  "  --> /repo/src/log.ts:15:3",
  "   |",
  "15 |   info(message: string): void;",
  "   |   ^",
  "",
  "error[private-type-ref]: public type 'Registry' references private type 'MetricObject'",
  "  --> " + NPM + ":56:2",
  "   |",
  "56 |   getMetricsAsArray(): MetricObject[];",
  "   |   ^",
  "   = hint: make the referenced type public or remove the reference",
  "",
  "error: Found 2 documentation lint errors.",
].join("\n");

Deno.test("parseDocLint() reads code, message and location of every diagnostic", () => {
  assert.deepEqual(parseDocLint(OUTPUT), [
    {
      code: "missing-jsdoc",
      message: "exported symbol is missing JSDoc documentation",
      location: "/repo/src/log.ts:15:3",
    },
    {
      code: "private-type-ref",
      message: "public type 'Registry' references private type 'MetricObject'",
      location: `${NPM}:56:2`,
    },
  ]);
  assert.deepEqual(parseDocLint("Checked 3 files\n"), []);
});

Deno.test("isTolerated() accepts only private-type-ref inside npm packages", async (t) => {
  const cases: [string, string, string | null, boolean][] = [
    ["npm private-type-ref", "private-type-ref", `${NPM}:24:1`, true],
    ["node_modules private-type-ref", "private-type-ref", "/x/node_modules/hono/a.d.ts:1:1", true],
    ["npm missing-jsdoc", "missing-jsdoc", `${NPM}:24:1`, false],
    ["repo private-type-ref", "private-type-ref", "/repo/src/x.ts:1:1", false],
    ["repo path containing npm", "private-type-ref", "/repo/npm/x.ts:1:1", false],
    ["no location", "private-type-ref", null, false],
  ];
  for (const [name, code, location, expected] of cases) {
    await t.step(name, () => {
      assert.equal(isTolerated({ code, message: "", location }, "/repo"), expected);
    });
  }
});
