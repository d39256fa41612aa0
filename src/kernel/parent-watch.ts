/**
 * A kernel must not outlive the client that started it, even when that client is killed with
 * SIGKILL and cannot shut it down. Jupyter clients (jupyter_client, and icp's runner) pass their pid
 * in JPY_PARENT_PID; ipykernel polls it, and so does this kernel: when the parent is gone, exit.
 */

/** Poll `parentPid` every `intervalMs`; call `onOrphaned` once it no longer exists. Returns a stop function. */
export function watchParent(parentPid: number, onOrphaned: () => void, intervalMs = 1_000): () => void {
  const timer = setInterval(() => {
    try {
      process.kill(parentPid, 0); // signal 0: existence check only
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") {
        clearInterval(timer);
        onOrphaned();
      }
      // EPERM: the process exists but belongs to someone else; keep watching.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent pid Jupyter clients announce, when it is a usable number. */
export function announcedParentPid(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const pid = Number(env.JPY_PARENT_PID);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}
