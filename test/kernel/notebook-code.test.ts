/**
 * Follow-ups to the kernel issue, over the real protocol with the real kernel, from a notebook folder
 * outside the project: forms of code that use an earlier cell's names, a local `.ts` module that
 * imports icp-lab, top-level values whose types come from icp-lab's dependencies, tslab's own
 * `display`, and a kernel that exits by itself (no signal from the client) when shut down while a
 * DuckDB query runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { icpKernelSpec, installKernelSpec, KernelClient, type KernelOutputMessage } from "../../src/jupyter/index.js";

const prefix = mkdtempSync(join(tmpdir(), "icp-kernel-code-"));
const notebookDir = mkdtempSync(join(tmpdir(), "icp-notebook-code-"));
const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };
let kernel: KernelClient;

async function run(client: KernelClient, code: string) {
  const outputs: KernelOutputMessage[] = [];
  const result = await client.execute(code, { onOutput: (o) => outputs.push(o), interruptGraceMs: 10_000 });
  const data = outputs.find((o) => o.msgType === "execute_result")?.content.data as Record<string, unknown> | undefined;
  return { result, outputs, data };
}

beforeAll(async () => {
  // A helper module next to the notebook, importing icp-lab and ESM-only packages (vega has a
  // top-level await, so it cannot be `require`d: it must come from the kernel's import() cache).
  writeFileSync(
    join(notebookDir, "helpers.ts"),
    [
      'import { formatDisplayValue } from "icp-lab";',
      'import * as aq from "arquero";',
      'import * as vega from "vega";',
      "export function money(amount: number): string { return formatDisplayValue(amount); }",
      "export function rowCount(): number { return aq.table({ a: [1, 2, 3] }).numRows(); }",
      "export function viewType(): string { return typeof vega.View; }",
      "",
    ].join("\n"),
  );
  await installKernelSpec({ prefix, name: "icp-lab-code" });
  kernel = await KernelClient.launch({ kernelName: "icp-lab-code", env, cwd: notebookDir });
});

afterAll(async () => {
  await kernel?.shutdown();
  rmSync(prefix, { recursive: true, force: true });
  rmSync(notebookDir, { recursive: true, force: true });
});

describe("notebook code across cells", () => {
  it("uses an earlier cell's names in shorthand properties, patterns, closures, classes, templates and exports", async () => {
    expect((await run(kernel, 'const asOf = "2026-09-30"; let visits = 1; function label(day: string) { return "as of " + day; }')).result.status).toBe("ok");
    const code = [
      "const o = { asOf, label };",
      "const later = () => ({ asOf });",
      "class Snapshot { at = asOf; meta = { asOf }; }",
      "const { missing = asOf } = {} as { missing?: string };",
      "({ visits } = { visits: 5 });",
      "visits += 1;",
      "[o.asOf, o.label(asOf), later().asOf, new Snapshot().meta.asOf, new Snapshot().at, missing, `${asOf}!`, typeof asOf, visits, typeof (globalThis as Record<string, unknown>).visits]",
    ].join("\n");
    const { result, data } = await run(kernel, code);
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    // visits: 1, then 5 from the pattern, then += 1 -> 6; the pattern wrote the cell variable, not a global.
    expect(data?.["application/json"]).toEqual(["2026-09-30", "as of 2026-09-30", "2026-09-30", "2026-09-30", "2026-09-30", "2026-09-30", "2026-09-30!", "string", 6, "undefined"]);
    expect((await run(kernel, "visits")).data?.["text/plain"]).toBe("6");
    // Exporting an earlier value again must not reset it (CommonJS output used to set it to undefined).
    expect((await run(kernel, "export { asOf };")).result.status).toBe("ok");
    expect((await run(kernel, "asOf")).data?.["text/plain"]).toBe("'2026-09-30'");
  });

  it("makes `export { x }` and `export { x as y }` names, values and types, known to later cells", async () => {
    // Same-cell `export { n }` used to fail with "Duplicate identifier 'n'"; renames were never declared.
    const exported = await run(kernel, "const n = 2; interface Row { id: number } export { n, n as two, asOf as day, Row as Line };");
    expect(exported.result.status, JSON.stringify(exported.result.error)).toBe("ok");
    const used = await run(kernel, "const line: Line = { id: two }; [n, two, day, line.id]");
    expect(used.result.status, JSON.stringify(used.result.error)).toBe("ok");
    expect(used.data?.["application/json"]).toEqual([2, 2, "2026-09-30", 2]);
  });

  it("reports type errors at the columns typed, after a written-out shorthand", async () => {
    // "const o2 = { asOf }; const " is 27 characters: `wrong` starts at column 28 (the
    // rewritten line has ": asOf" inserted before it, which would put it at 34).
    const { result } = await run(kernel, "const o2 = { asOf }; const wrong: number = asOf;");
    expect(result.error?.ename).toBe("TypeScriptError");
    expect(result.error?.evalue).toBe("1:28 - Type 'string' is not assignable to type 'number'.");
  });

  it("runs a local .ts module that imports icp-lab, arquero and vega", async () => {
    const { result, data } = await run(kernel, 'import { money, rowCount, viewType } from "./helpers"; [money(1234.5), rowCount(), viewType()]');
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    expect(data?.["application/json"]).toEqual(["1,234.5", 3, "function"]);
  });

  it("keeps top-level values typed by icp-lab's dependencies (arquero, DuckDB) for later cells", async () => {
    expect((await run(kernel, 'import { demoDataset } from "icp-lab"; const ds = await demoDataset({ customers: 40, seed: 7 });')).result.status).toBe("ok");
    const declared = await run(kernel, 'const customerCount = await ds.query("SELECT count(*)::INTEGER AS n FROM customers"); const connection = ds.connection;');
    expect(declared.result.status, JSON.stringify(declared.result.error)).toBe("ok");
    const used = await run(kernel, 'const n: number = customerCount.get("n", 0); [n, typeof connection.runAndReadAll]');
    expect(used.result.status, JSON.stringify(used.result.error)).toBe("ok");
    expect(used.data?.["application/json"]).toEqual([40, "function"]);
    // The kept type is arquero's table, not `any`: numRows() is a number.
    const typed = await run(kernel, "const wrongType: string = customerCount.numRows();");
    expect(typed.result.error?.evalue).toContain("Type 'number' is not assignable to type 'string'");
  });

  it("sends tslab's display.html as display_data", async () => {
    const { result, outputs } = await run(kernel, 'import { display } from "tslab"; display.html("<b>tslab display</b>");');
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    const shown = outputs.find((o) => o.msgType === "display_data")?.content.data as Record<string, unknown> | undefined;
    expect(shown?.["text/html"]).toBe("<b>tslab display</b>");
  });
});

describe("shutdown while a DuckDB query runs", () => {
  it("exits by itself with status 0 (the client did not need a signal)", async () => {
    // The kernel runs under sh, which records its exit status. The client signals the whole process
    // group only when the kernel has not exited by itself: sh then dies too and writes nothing.
    const statusFile = join(notebookDir, "kernel-exit-status");
    const base = icpKernelSpec();
    const spec = { name: "icp-lab-exit", resourceDir: prefix, spec: { ...base, argv: ["/bin/sh", "-c", `"$0" "$1" "$2"; echo $? > "${statusFile}"`, ...base.argv] } };
    const client = await KernelClient.launch({ spec, env, cwd: notebookDir });
    try {
      expect((await run(client, 'import { DuckDBInstance } from "@duckdb/node-api"; const db = await DuckDBInstance.create(":memory:", { threads: "1" }); const con = await db.connect();')).result.status).toBe("ok");
      let started!: () => void;
      const queryStarted = new Promise<void>((resolve) => (started = resolve));
      // 10^12 pairs: it runs until interrupted.
      const running = client
        .execute("console.log('query started'); await con.run('SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b');", {
          onOutput: (o) => o.msgType === "stream" && started(),
        })
        .catch(() => undefined);
      await queryStarted;
      await client.shutdown();
      await running;
      expect(existsSync(statusFile)).toBe(true);
      expect(readFileSync(statusFile, "utf8").trim()).toBe("0");
    } finally {
      await client.kill();
    }
  });
});
