import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { cardBundle, formatDisplayValue, inferColumnKind, mimeBundleOf, registerDisplayRenderer, show, tableToText, toCard, unregisterDisplayRenderer } from "../../src/display/index.js";

describe("display bundles", () => {
  it("formats numbers with separators and midnight-UTC dates as ISO days", () => {
    expect(formatDisplayValue(1234567.891)).toBe("1,234,567.891");
    expect(formatDisplayValue(12000)).toBe("12,000");
    expect(formatDisplayValue(new Date("2026-09-30T00:00:00Z"))).toBe("2026-09-30");
    expect(inferColumnKind([1, 2.5, null])).toBe("number");
    expect(inferColumnKind(["2026-01-01", "x"])).toBe("string");
  });

  it("renders an arquero table as text with a row count and right-aligned numbers", () => {
    // 3 rows; the text view shows 2 (textRows) and says 1 more.
    const table = aq.table({ plan: ["pro", "starter", "pro"], revenue: [1200, 90.5, 4800] });
    expect(tableToText(table, { textRows: 2 })).toBe(["3 rows × 2 columns", "plan     revenue", "pro        1,200", "starter     90.5", "… 1 more row"].join("\n"));
  });

  it("shows a filtered and sorted arquero table's own rows, not its storage order", () => {
    // storage holds 1..5; the filter keeps 4 and 5, the order puts 5 first
    const text = tableToText(aq.table({ a: [1, 2, 3, 4, 5] }).filter((d: { a: number }) => d.a > 3).orderby(aq.desc("a")));
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^2 rows × 1 column/);
    const values = lines.slice(1).map((line) => line.trim()).filter((line) => /^\d+$/.test(line.split(/\s+/).pop()!)).map((line) => line.split(/\s+/).pop());
    expect(values).toEqual(["5", "4"]);
  });

  it("paginates the HTML table: first page open, the rest in details blocks", async () => {
    const table = aq.table({ n: Array.from({ length: 25 }, (_, i) => i) });
    const html = (await mimeBundleOf(table, { table: { pageSize: 10 } }))["text/html"] as string;
    // 25 rows at 10 per page: pages 11–20 and 21–25 are collapsed.
    expect(html).toContain("25 rows × 1 column");
    expect(html.match(/<details>/g)).toHaveLength(2);
    expect(html).toContain("rows 21–25");
  });

  it("gives plain objects JSON and text, and strings raw or quoted", async () => {
    expect(await mimeBundleOf({ a: 1 })).toEqual({ "text/plain": "{ a: 1 }", "application/json": { a: 1 } });
    expect(await mimeBundleOf("hi")).toEqual({ "text/plain": "hi" });
    expect(await mimeBundleOf("hi", { strings: "inspect" })).toEqual({ "text/plain": "'hi'" });
  });

  it("uses toCard, registered renderers, and cards", async () => {
    const result = { [toCard]: () => ({ title: "Portrait", facts: [{ label: "ideal customers", value: 4120 }] }) };
    expect((await mimeBundleOf(result))["text/plain"]).toBe("Portrait\n  ideal customers: 4,120");
    registerDisplayRenderer({ name: "test-money", test: (v) => typeof v === "object" && v !== null && "usd" in v, render: () => ({ "text/html": "<b>$5</b>" }) });
    try {
      const bundle = await mimeBundleOf({ usd: 5 });
      expect(bundle["text/html"]).toBe("<b>$5</b>");
      expect(bundle["text/plain"]).toBe("{ usd: 5 }");
    } finally {
      unregisterDisplayRenderer("test-money");
    }
    expect(cardBundle({ title: "T", facts: [] })["text/html"]).toContain("icp-card");
  });

  it("renders vega-lite specs as JSON plus SVG", async () => {
    const bundle = await mimeBundleOf({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { y: { field: "a", type: "quantitative" } } });
    expect(typeof bundle["application/vnd.vegalite.v5+json"]).toBe("object");
    expect(bundle["image/svg+xml"]).toMatch(/^<svg/);
  });

  it("prints text/plain to stdout outside a kernel", async () => {
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stdout.write;
    try {
      await show({ a: 1 });
    } finally {
      process.stdout.write = original;
    }
    expect(written).toEqual(["{ a: 1 }\n"]);
  });
});
