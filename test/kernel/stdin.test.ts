/**
 * stdin over the real protocol, answered by a peer's client (Debian's jupyter_client, see
 * stdin_client.py): `input()` / `password()` from icp-lab send input_request and resolve with the
 * input_reply; a request with allow_stdin false fails with a clear error; an interrupt abandons an
 * open question and the kernel keeps its state.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { installKernelSpec } from "../../src/jupyter/index.js";

interface CellReport {
  status: string;
  ename: string | null;
  evalue: string | null;
  requests: Array<{ prompt: string; password: boolean }>;
  outputs: Array<{ type: string; content: Record<string, unknown> }>;
}

const prefix = mkdtempSync(join(tmpdir(), "icp-kernel-stdin-"));
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

describe("input() and password() through the stdin channel", () => {
  it("asks a client that allows stdin, refuses clearly otherwise, and gives way to an interrupt", async () => {
    await installKernelSpec({ prefix, name: "icp-lab-stdin" });
    const run = spawnSync("/usr/bin/python3", ["stdin_client.py"], {
      cwd: fileURLToPath(new URL(".", import.meta.url)),
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), ICP_KERNEL_NAME: "icp-lab-stdin" },
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<"answered" | "not_allowed" | "interrupted" | "after", CellReport>;

    expect(report.answered.requests).toEqual([{ prompt: "Name? ", password: false }, { prompt: "Token: ", password: true }]);
    expect(report.answered.status, JSON.stringify(report.answered)).toBe("ok");
    const result = report.answered.outputs.find((output) => output.type === "execute_result");
    // "s3cret" has 6 characters.
    expect((result?.content.data as Record<string, unknown>)["application/json"]).toEqual(["Ada", 6]);

    expect(report.not_allowed.requests).toEqual([]);
    expect(report.not_allowed.status).toBe("error");
    expect(report.not_allowed.ename).toBe("KernelError");
    expect(report.not_allowed.evalue).toContain("does not support input requests");

    expect(report.interrupted.requests).toEqual([{ prompt: "Waiting: ", password: false }]);
    expect(report.interrupted.status).toBe("error");
    expect(report.interrupted.ename).toBe("Interrupted");

    expect(report.after.status, JSON.stringify(report.after)).toBe("ok");
    const after = report.after.outputs.find((output) => output.type === "execute_result");
    expect((after?.content.data as Record<string, unknown>)["text/plain"]).toBe("'Ada!'");
  }, 240_000);
});
