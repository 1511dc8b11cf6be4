import assert from "node:assert/strict";
import { conversionPrice, flowUsd } from "../../src/evaluate/mod.ts";

Deno.test("conversionPrice() takes the latest price at or before τ, else the earliest after", async (t) => {
  const ts = [10, 20, 30];
  const px = [2.0, 2.02, 2.05];
  const cases: [string, number, number | null][] = [
    ["between", 25, 2.02],
    ["exactly at a price", 20, 2.02],
    ["before every price", 5, 2.0],
    ["after every price", 99, 2.05],
  ];
  for (const [name, tau, expected] of cases) {
    await t.step(name, () => assert.equal(conversionPrice(ts, px, tau), expected));
  }
  await t.step("no price", () => assert.equal(conversionPrice([], [], 1), null));
});

Deno.test("flowUsd() signs by kind and uses the magnitude", () => {
  assert.equal(flowUsd("deposit", 10, 2), 20);
  assert.equal(flowUsd("withdrawal", 15, 2), -30);
  assert.equal(flowUsd("withdrawal", -15, 2), -30);
});
