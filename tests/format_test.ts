import assert from "node:assert/strict";
import { abbreviateAddress, formatFixed, formatPercent, formatUsd } from "../src/format.ts";

Deno.test("abbreviateAddress() keeps first 8 and last 4 characters (§0.5)", async (t) => {
  const cases: [string, string][] = [
    [
      "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg",
      "addr1qxj...jytg",
    ],
    ["123456789012345", "123456789012345"],
    ["1234567890123456", "12345678...3456"],
    ["", ""],
  ];
  for (const [input, expected] of cases) {
    await t.step(expected, () => assert.equal(abbreviateAddress(input), expected));
  }
});

Deno.test("formatFixed() uses toFixed rounding and never prints -0", async (t) => {
  const cases: [number, number, string][] = [
    [1234.5678, 2, "1234.57"],
    [1.005, 2, "1.00"], // the binary value is below 1.005
    [2.5, 0, "3"],
    [-0, 2, "0.00"],
    [-0.001, 2, "0.00"],
    [-1.234, 2, "-1.23"],
    [27.94, 2, "27.94"],
  ];
  for (const [n, d, expected] of cases) {
    await t.step(`${n} → ${expected}`, () => assert.equal(formatFixed(n, d), expected));
  }
});

Deno.test("formatUsd() and formatPercent() group and suffix", () => {
  assert.equal(formatUsd(1234.56), "$1,234.56");
  assert.equal(formatUsd(1234567.891), "$1,234,567.89");
  assert.equal(formatUsd(0), "$0.00");
  assert.equal(formatUsd(-0.001), "$0.00");
  assert.equal(formatUsd(-1234.5), "-$1,234.50");
  assert.equal(formatUsd(1.0023, 4), "$1.0023");
  assert.equal(formatPercent(0.0004), "0.04%");
  assert.equal(formatPercent(0.5, 0), "50%");
});
