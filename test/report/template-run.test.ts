/**
 * Integration: the built-in quarterly-icp template, end to end on small demo data — real icp-lab
 * kernel over the Jupyter protocol, real DuckDB, real Chromium — and `icp init` + `icp report` from
 * the CLI. Needs `npm run build` first (the kernel runs dist/), as `npm test` does.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDemoData } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { formatKpi, runReport, type ReportResults } from "../../src/report/index.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const ICP = join(ROOT, "bin", "icp.js");
const LONG = 300_000;

let tmp: string;
let dataDir: string;

type QuarterlyResults = ReportResults & {
  previous: { quarter: string; kpis: Record<string, number> } | null;
  kpiCards: Array<{ key: string; text: string; delta: number | null; deltaText: string | null; tone: string }>;
};

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
/** The PDF's text on one line per page line, with runs of spaces collapsed (pdftotext lays out columns). */
const pdfText = (path: string): string => execFileSync("pdftotext", [path, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "icp-template-run-"));
  dataDir = join(tmp, "data");
  // ~1000 customers: the smallest demo business where every section (channels, tree leaves of 20) has support.
  await writeDemoData(dataDir, { customers: 1000, seed: 7, formats: ["csv"] });
}, LONG);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("quarterly-icp template", () => {
  const q2Dir = () => join(tmp, "reports", "2026Q2");
  const q3Dir = () => join(tmp, "reports", "2026Q3");

  it("runs 2026Q2 then 2026Q3 into sibling folders; the PDF shows the notebook's numbers and the deltas", async () => {
    await runReport("quarterly-icp", { quarter: "2026Q2", dataDir }, { out: q2Dir() });
    const q3 = await runReport("quarterly-icp", { quarter: "2026Q3", dataDir }, { out: q3Dir() });

    const q2Results = readJson<QuarterlyResults>(join(q2Dir(), "results.json"));
    expect(q2Results.asOf).toBe("2026-06-30");
    expect(q2Results.previous).toBeNull();
    // Rows after the analysis date are ignored: Q2's revenue is exactly the orders dated 2026-04-01..2026-06-30,
    // summed here independently of the notebook, straight from the CSV.
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT sum(amount)::DOUBLE FROM read_csv('${join(dataDir, "orders.csv")}') WHERE order_date BETWEEN DATE '2026-04-01' AND DATE '2026-06-30'`,
    );
    expect(q2Results.kpis.revenueQuarter.value).toBeCloseTo(Number(reader.getRowsJS()[0][0]), 1);

    // The data-scope section counts the rows snapshotAsOf removed: Q2's orders row lists every order dated
    // after 2026-06-30 (customers who signed up later only have later orders), counted here from the CSV.
    const later = await connection.runAndReadAll(`SELECT count(*)::INTEGER FROM read_csv('${join(dataDir, "orders.csv")}') WHERE order_date > DATE '2026-06-30'`);
    connection.closeSync();
    instance.closeSync();
    const ordersAfterQ2 = Number(later.getRowsJS()[0][0]);
    expect(ordersAfterQ2).toBeGreaterThan(0);
    const q2Html = readFileSync(join(q2Dir(), "report.html"), "utf8");
    expect(q2Html).toContain("dated after 2026-06-30");
    const ordersRow = /orders\.csv<\/td>(.*?)<\/tr>/s.exec(q2Html)?.[1] ?? "";
    expect(ordersRow).toContain(`>${ordersAfterQ2.toLocaleString("en-US")}<`);

    // Q3 found Q2's run next to it and compares with it.
    const results = readJson<QuarterlyResults>(join(q3Dir(), "results.json"));
    expect(q3.results?.quarter).toBe("2026Q3");
    expect(results.asOf).toBe("2026-09-30");
    expect(Object.keys(results.criteria ?? {})).toHaveLength(7);
    expect(results.previous?.quarter).toBe("2026Q2");
    expect(results.previous?.kpis.idealShare).toBe(q2Results.kpis.idealShare.value);
    const idealCard = results.kpiCards.find((card) => card.key === "idealShare")!;
    // A share's delta is in points: this quarter's share minus last quarter's (both rounded to 4 decimals).
    expect(idealCard.delta).toBeCloseTo(results.kpis.idealShare.value - q2Results.kpis.idealShare.value, 4);
    // On this data the ideal share moves by a fraction of a point (under 0.5% of itself): flat, so the card shows ▶ in
    // grey like the summary and the table, not a green ▲.
    expect(idealCard.deltaText).toMatch(/^▶ /);
    expect(idealCard.tone).toBe("neutral");

    const text = pdfText(join(q3Dir(), "report.pdf"));
    for (const heading of [
      "Executive summary", "Recommended actions", "The seven criteria", "The ideal-customer portrait",
      "Channels and acquisition cost", "Cohorts and churn", "Accounts to call", "RFM segments",
      "Lifetime value and profit by channel", "the churn tree", "Compared with the previous quarter",
    ]) expect(text).toContain(heading);
    // The headline numbers as the notebook computed them (results.json), formatted as the report shows them.
    for (const key of ["idealShare", "revenueQuarter", "userChurnRate", "netRevenueChurn", "avgClv"]) {
      const kpi = results.kpis[key];
      expect(text, key).toContain(formatKpi(kpi.value, kpi.unit, results.currency));
    }
    expect(text).toContain("Shift acquisition budget");
    expect(text).toContain("vs 2026Q2");
    expect(text).toContain("Changes since 2026Q2");
    expect(text).toMatch(/[▲▼]/);
    expect(text).not.toContain("No previous quarter's results");
    // Stakeholder wording: charts, tables and sentences print labels, not the data's snake_case values;
    // no analyst noise (vega-lite warnings, collapsed table pages a PDF cannot open).
    for (const raw of ["paid_search", "email_newsletter", "outbound_sales", "acquisition_channel", "avg_clv", "user_churn", "net_revenue_churn", "important_value", "days_since_last_activity"]) {
      expect(text, raw).not.toContain(raw);
    }
    expect(text).toContain("Paid search");
    expect(text).not.toMatch(/WARN|rows 11–/);
    // What a new reader tripped over: a quarter-over-quarter row labelled with this quarter over both quarters'
    // numbers; a promotion ending on the analysis date shown as "0% ordered after it ended" (and counted as "never
    // ordered again"); definitions that named a parameter or left out the number. Table rows are read from the HTML
    // (pdftotext without -layout splits table cells into columns).
    const htmlText = readFileSync(join(q3Dir(), "report.html"), "utf8").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(htmlText).toMatch(/Revenue \(quarter\) \$[\d,]+ \$[\d,]+ [▲▼▶]/);
    expect(htmlText).not.toMatch(/Revenue 2026Q3 \$[\d,]+ \$[\d,]+/);
    expect(htmlText).toMatch(/SAVE2026Q3 2026-09-30 \d+ not ended yet/);
    // "Retained" is the churn figures' rule (a payment covers the analysis date's month), not the days since the last order.
    expect(htmlText).toContain("when a payment made by 2026-09-30 covers September 2026");
    expect(htmlText).not.toContain("45 days");
    expect(htmlText).toContain("Horizon: the next 12 months");
    expect(text).not.toMatch(/retainedDays|over the next months|lift new/);
    // Each KPI card's change reads exactly as its row in the quarter-over-quarter table, arrow and minus sign included
    // (a +6.95% change once showed as +7.0% on the card and +6.9% in the table; a flat +0.2 pp showed ▲ on the card and
    // ▶ in the table; cards wrote "-2.0 pp" with a hyphen where the text has "−2.0 pp").
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const change = "([▲▼▶] [+−±][\\d.]+(?: pp|%)?)";
    for (const card of results.kpiCards.filter((c) => c.delta !== null)) {
      const label = escape(results.kpis[card.key].label);
      const onCard = new RegExp(`${label} ${escape(card.text)} ${change} vs 2026Q2`).exec(htmlText)?.[1];
      const inTable = new RegExp(`${label} \\S+ ${escape(card.text)} ${change}`).exec(htmlText)?.[1];
      expect(onCard, card.key).toBeDefined();
      expect(onCard, card.key).toBe(inTable);
      expect(onCard, card.key).toBe(card.deltaText);
    }
    // The card's colour is deltaTone's verdict, the table's "better"/"worse" column.
    const q3Html = readFileSync(join(q3Dir(), "report.html"), "utf8");
    for (const card of results.kpiCards.filter((c) => c.delta !== null)) {
      expect(q3Html, card.key).toMatch(new RegExp(`<div class="kpi-tone ${card.tone}"><div class="kpi"><div class="kpi-label">${escape(results.kpis[card.key].label)}<`));
    }

    const manifest = readJson<{ data: { dataDir: Array<{ file: string; rows: number }> }; parameters: Record<string, unknown> }>(join(q3Dir(), "manifest.json"));
    expect(manifest.data.dataDir.find((f) => f.file === "customers.csv")?.rows).toBe(1000);
    expect(manifest.parameters.previousResults).toBe(join(q2Dir(), "results.json"));
  }, LONG);

  it("gives an identical results.json for the same inputs", async () => {
    const again = join(tmp, "again");
    await runReport("quarterly-icp", { quarter: "2026Q3", dataDir }, { out: again, previous: q2Dir(), formats: ["html"] });
    expect(readFileSync(join(again, "results.json"), "utf8")).toBe(readFileSync(join(q3Dir(), "results.json"), "utf8"));
  }, LONG);

  it("analyses one region only when asked", async () => {
    const emea = join(tmp, "emea");
    const { results } = await runReport("quarterly-icp", { quarter: "2026Q3", dataDir, region: "EMEA" }, { out: emea, formats: ["html"] });
    const all = readJson<QuarterlyResults>(join(q3Dir(), "results.json"));
    // EMEA is one of three regions: fewer buyers than all regions together, but some.
    expect(results!.kpis.buyers.value).toBeGreaterThan(0);
    expect(results!.kpis.buyers.value).toBeLessThan(all.kpis.buyers.value);
    const html = readFileSync(join(emea, "report.html"), "utf8");
    expect(html).toContain("region EMEA");
    // restrictCustomers' removed rows are listed per table.
    expect(html).toContain("outside EMEA");
  }, LONG);

  it("stops on bad data with the loader's error (file, row, column, value)", async () => {
    const badData = join(tmp, "bad-data");
    cpSync(dataDir, badData, { recursive: true });
    const customersCsv = join(badData, "customers.csv");
    const lines = readFileSync(customersCsv, "utf8").split("\n");
    // Data row 2 (file line 3): its signup_date (second column) is not a date.
    lines[2] = lines[2].replace(/^([^,]*),[^,]*,/, "$1,not-a-date,");
    writeFileSync(customersCsv, lines.join("\n"));
    const out = join(tmp, "bad-data-report");
    const failure = await runReport("quarterly-icp", { quarter: "2026Q3", dataDir: badData }, { out, formats: ["html"] }).then(() => null, (error: Error) => error);
    expect(failure).not.toBeNull();
    expect(failure!.message).toContain("customers.csv");
    expect(failure!.message).toContain("signup_date");
    expect(failure!.message).toContain("not-a-date");
  }, LONG);

  it("rejects bad parameters before anything runs, saying what was expected", async () => {
    const out = join(tmp, "bad");
    await expect(runReport("quarterly-icp", { quarter: "2026Q3", dataDir, idealScore: "9" }, { out })).rejects.toThrow(/idealScore="9": expected a number <= 7/);
    await expect(runReport("quarterly-icp", { quarter: "2026Q5", dataDir }, { out })).rejects.toThrow(ParameterError);
    await expect(runReport("quarterly-icp", { quarter: "2026Q5", dataDir }, { out })).rejects.toThrow(/quarter YYYYQn/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("icp init", () => {
  it("scaffolds a project whose template validates and runs with `icp report DIR`", async () => {
    const project = join(tmp, "project");
    await run("node", [ICP, "init", project]);
    for (const file of ["quarterly-icp.ipynb", "report.mdx", "template.yaml", "README.md", "data/customers.csv"]) expect(existsSync(join(project, file)), file).toBe(true);

    const described = await run("node", [ICP, "report", project, "--describe"]);
    expect(described.stdout).toMatch(/idealScore\s+integer\s+5/);
    const bad = await run("node", [ICP, "report", project, "-p", `dataDir=${join(project, "data")}`, "-p", "idealScore=9"]).catch((error: { code: number; stderr: string }) => error);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/idealScore/);

    const out = join(project, "reports", "2026Q3");
    await run("node", [ICP, "report", project, "-q", "-p", "quarter=2026Q3", "-p", `dataDir=${join(project, "data")}`, "-o", out, "--format", "html"], { cwd: project });
    const results = readJson<QuarterlyResults>(join(out, "results.json"));
    expect(results.quarter).toBe("2026Q3");
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Recommended actions");
  }, LONG);
});
