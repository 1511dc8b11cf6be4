import assert from "node:assert/strict";
import { rowCellSources } from "../../src/greptime/raw_numbers.ts";

Deno.test("rowCellSources() slices the requested cells of the requested output", async (t) => {
  const cases: { name: string; text: string; output: number; cols: number[]; expected: unknown }[] =
    [
      {
        name: "simple",
        text: '{"output":[{"records":{"rows":[[1732752000123456789,"a"],[2,"b"]]}}]}',
        output: 0,
        cols: [0],
        expected: [["1732752000123456789", "2"]],
      },
      {
        name: "strings with brackets, quotes and escapes before the cell",
        text:
          '{"output":[{"records":{"schema":{"column_schemas":[{"name":"a]\\"[","data_type":"x"}]},' +
          '"rows":[ [ "x\\\\\\"],[" , {"k":[1,2]} , -12345678901234567890 ] , [null,null,null] ]}}]}',
        output: 0,
        cols: [2, 0],
        expected: [["-12345678901234567890", null], [null, null]],
      },
      {
        name: "second output, whitespace, short row",
        text:
          ' { "execution_time_ms": 1, "output" : [ {"affectedrows":1} , { "records" : { "rows" : ' +
          "[ [ 1.5e3 , 7 ] , [ 8 ] , [ ] ] } } ] }",
        output: 1,
        cols: [1],
        expected: [["7", null, null]],
      },
      {
        name: "no rows",
        text: '{"output":[{"records":{"rows":[]}}]}',
        output: 0,
        cols: [0],
        expected: [[]],
      },
    ];
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.deepEqual(rowCellSources(c.text, c.output, c.cols), c.expected);
    });
  }
});
