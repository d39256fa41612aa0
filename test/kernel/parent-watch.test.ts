import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchParent } from "../../src/kernel/parent-watch.js";
import { installKernelSpec } from "../../src/jupyter/index.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = async (condition: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
};

describe("parent watch", () => {
  it("notices when the watched process ends", async () => {
    const child = spawn("sleep", ["0.3"]);
    let orphaned = false;
    const stop = watchParent(child.pid!, () => (orphaned = true), 50);
    try {
      expect(orphaned).toBe(false);
      expect(await waitFor(() => orphaned, 5_000)).toBe(true);
    } finally {
      stop();
    }
  });

  it("a kernel whose client is SIGKILLed exits by itself", async () => {
    const prefix = await mkdtemp(join(tmpdir(), "icp-parent-"));
    try {
      await installKernelSpec({ prefix });
      // A client process that starts the kernel, prints its pid, then waits to be killed.
      const script = `
        import { KernelClient } from ${JSON.stringify(new URL("../../dist/jupyter/index.js", import.meta.url).href)};
        const client = await KernelClient.launch({ kernelName: "icp-lab" });
        process.stdout.write(String(client.pid) + "\\n");
        setInterval(() => {}, 1000);
      `;
      const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const kernelPid = await new Promise<number>((resolve, reject) => {
        parent.stdout!.on("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        parent.on("exit", (code) => reject(new Error(`client exited early with ${code}`)));
      });
      expect(alive(kernelPid)).toBe(true);
      parent.kill("SIGKILL");
      // The kernel polls its parent every second.
      expect(await waitFor(() => !alive(kernelPid), 10_000)).toBe(true);
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });
});
