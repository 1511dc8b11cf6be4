import assert from "node:assert/strict";
import {
  isIsoDateOrDateTime,
  isValidTimeZone,
  parseConfigDateTime,
} from "../../src/config/datetime.ts";

const iso = (ms: number) => new Date(ms).toISOString();

Deno.test("parseConfigDateTime() reads dates as 00:00 wall time in the zone (§23.12)", async (t) => {
  const cases: [string, string, string][] = [
    ["2025-07-01", "UTC", "2025-07-01T00:00:00.000Z"],
    ["2025-07-01", "Europe/Berlin", "2025-06-30T22:00:00.000Z"],
    ["2025-01-15", "Europe/Berlin", "2025-01-14T23:00:00.000Z"],
    ["2025-07-01", "Asia/Kolkata", "2025-06-30T18:30:00.000Z"],
    ["2025-07-01T12:30", "America/New_York", "2025-07-01T16:30:00.000Z"],
    ["2025-07-01T12:30:15.250", "UTC", "2025-07-01T12:30:15.250Z"],
    ["2025-07-01T12:00:00Z", "Europe/Berlin", "2025-07-01T12:00:00.000Z"],
    ["2025-07-01T12:00:00+05:30", "UTC", "2025-07-01T06:30:00.000Z"],
    ["2025-07-01 12:00", "UTC", "2025-07-01T12:00:00.000Z"],
  ];
  for (const [input, tz, expected] of cases) {
    await t.step(
      `${input} in ${tz}`,
      () => assert.equal(iso(parseConfigDateTime(input, tz)), expected),
    );
  }
});

Deno.test("parseConfigDateTime() resolves DST gaps to the pre-transition offset and overlaps to the earlier offset", async (t) => {
  const cases: [string, string, string][] = [
    // Berlin springs forward 2025-03-30 02:00 → 03:00; 02:30 does not exist: pre-transition +01:00.
    ["2025-03-30T02:30", "Europe/Berlin", "2025-03-30T01:30:00.000Z"],
    // Berlin falls back 2025-10-26 03:00 → 02:00; 02:30 happens twice: earlier offset +02:00.
    ["2025-10-26T02:30", "Europe/Berlin", "2025-10-26T00:30:00.000Z"],
    ["2025-03-09T02:30", "America/New_York", "2025-03-09T07:30:00.000Z"],
    ["2025-11-02T01:30", "America/New_York", "2025-11-02T05:30:00.000Z"],
    // Just outside the transitions.
    ["2025-03-30T03:00", "Europe/Berlin", "2025-03-30T01:00:00.000Z"],
    ["2025-10-26T03:00", "Europe/Berlin", "2025-10-26T02:00:00.000Z"],
  ];
  for (const [input, tz, expected] of cases) {
    await t.step(
      `${input} in ${tz}`,
      () => assert.equal(iso(parseConfigDateTime(input, tz)), expected),
    );
  }
});

Deno.test("parseConfigDateTime() throws RangeError for bad input", () => {
  assert.throws(() => parseConfigDateTime("2025-02-30", "UTC"), RangeError);
  assert.throws(() => parseConfigDateTime("yesterday", "UTC"), RangeError);
  assert.throws(() => parseConfigDateTime("2025-01-01T00:00", "Nowhere/City"), RangeError);
});

Deno.test("isIsoDateOrDateTime() and isValidTimeZone() validate formats", () => {
  for (
    const ok of [
      "2025-01-01",
      "2025-01-01T00:00",
      "2025-01-01T00:00:00.123Z",
      "2025-01-01T00:00-0300",
    ]
  ) {
    assert.equal(isIsoDateOrDateTime(ok), true, ok);
  }
  for (const bad of ["2025-1-01", "2025-13-01", "2025-01-01T25:00", "01/02/2025", ""]) {
    assert.equal(isIsoDateOrDateTime(bad), false, bad);
  }
  assert.equal(isValidTimeZone("UTC"), true);
  assert.equal(isValidTimeZone("Europe/Berlin"), true);
  assert.equal(isValidTimeZone("Mars/Olympus"), false);
  assert.equal(isValidTimeZone(""), false);
});
