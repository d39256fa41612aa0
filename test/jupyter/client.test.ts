import { afterEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { KernelClient, type KernelOutputMessage } from "../../src/jupyter/index.js";

/** Pids still in the kernel's process group (the kernel was spawned as a group leader). */
function processGroupMembers(pgid: number): number[] {
  const table = execFileSync("ps", ["-eo", "pid=,pgid=,stat="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, group, stat]) => Number(group) === pgid && pid && !stat?.startsWith("Z"))
    .map(([pid]) => Number(pid));
}

// Debian's ipykernel (kernelspec python3, /usr/bin/python3); debugpy's frozen-module warning silenced.
const env = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
const started: KernelClient[] = [];
async function launch(): Promise<KernelClient> {
  const kernel = await KernelClient.launch({ kernelName: "python3", env });
  started.push(kernel);
  return kernel;
}

afterEach(async () => {
  for (const kernel of started.splice(0)) {
    const pid = kernel.pid;
    await kernel.shutdown();
    if (pid !== undefined) expect(processGroupMembers(pid)).toEqual([]);
  }
});

describe("KernelClient against Debian's python3 ipykernel", () => {
  it("handshakes, executes and delivers every output kind in order", async () => {
    const kernel = await launch();
    expect(kernel.kernelInfo.implementation).toBe("ipython");
    expect(await kernel.heartbeat()).toBe(true);
    const outputs: KernelOutputMessage[] = [];
    const code = [
      "from IPython.display import display, HTML, clear_output",
      "print('a')",
      "h = display(HTML('<b>one</b>'), display_id='d1')",
      "h.update(HTML('<b>two</b>'))",
      "clear_output(wait=True)",
      "6 * 7",
    ].join("\n");
    const result = await kernel.execute(code, { onOutput: (o) => outputs.push(o) });
    expect(result.status).toBe("ok");
    expect(result.executionCount).toBe(1);
    expect(result.executeInputAt).toBeDefined();
    expect(outputs.map((o) => o.msgType)).toEqual(["stream", "display_data", "update_display_data", "clear_output", "execute_result"]);
    expect(outputs[0].content).toMatchObject({ name: "stdout", text: "a\n" });
    expect(outputs[2].content).toMatchObject({ data: { "text/html": "<b>two</b>" }, transient: { display_id: "d1" } });
    expect(outputs[3].content).toEqual({ wait: true });
    // 6 * 7 = 42
    expect(outputs[4].content).toMatchObject({ data: { "text/plain": "42" }, execution_count: 1 });
  });

  it("reports an error with ename/evalue/traceback, and state survives it", async () => {
    const kernel = await launch();
    await kernel.execute("x = 5");
    // stop_on_error=true would make ipykernel abort requests arriving just after the error (its
    // abort window is timing-dependent); an --allow-errors run sends false, as here.
    const failed = await kernel.execute("1 / 0", { stopOnError: false });
    expect(failed.status).toBe("error");
    expect(failed.error?.ename).toBe("ZeroDivisionError");
    expect(failed.error?.traceback.length).toBeGreaterThan(0);
    const outputs: KernelOutputMessage[] = [];
    const after = await kernel.execute("x + 1", { onOutput: (o) => outputs.push(o) });
    expect(after.status).toBe("ok");
    expect(outputs.map((o) => o.msgType)).toEqual(["execute_result"]);
    expect(outputs[0].content).toMatchObject({ data: { "text/plain": "6" } });
  });

  it("interrupts a cell that runs past its timeout and the kernel stays usable", async () => {
    const kernel = await launch();
    // The interrupted cell ends in an error; with stop_on_error=true ipykernel would abort the next request
    // if it arrived inside its abort window (timing-dependent), so send false, as --allow-errors runs do.
    const result = await kernel.execute("import time\ntime.sleep(60)", { timeoutMs: 500, stopOnError: false });
    expect(result.timedOut).toBe(true);
    expect(result.error?.ename).toBe("KeyboardInterrupt");
    expect(kernel.alive).toBe(true);
    const again = await kernel.execute("1");
    expect(again.status).toBe("ok");
  });

  it("rejects a running execute when the kernel is killed, and leaves no process behind", async () => {
    const kernel = await launch();
    const pid = kernel.pid!;
    const running = kernel.execute("import time\ntime.sleep(60)");
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, "SIGKILL");
    await expect(running).rejects.toMatchObject({ context: { reason: "died", signal: "SIGKILL" } });
    expect(kernel.alive).toBe(false);
  });

  it("restarts into a fresh process with fresh state", async () => {
    const kernel = await launch();
    await kernel.execute("y = 1");
    const firstPid = kernel.pid!;
    await kernel.restart();
    expect(kernel.pid).not.toBe(firstPid);
    expect(processGroupMembers(firstPid)).toEqual([]);
    const result = await kernel.execute("y");
    expect(result.error?.ename).toBe("NameError");
  });

  it("fails clearly for an unknown kernelspec", async () => {
    await expect(KernelClient.launch({ kernelName: "no-such-kernel", env })).rejects.toThrow(/no kernelspec named 'no-such-kernel'/);
  });
});
