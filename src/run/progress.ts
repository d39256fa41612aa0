/**
 * Showing a run's progress: a cli-progress bar on a terminal (cells done / total, the current cell's
 * first line, elapsed time), plain log lines on a pipe or file (CI logs stay readable), nothing with
 * `quiet`. Everything goes to stderr so stdout stays free for results.
 */
import cliProgress from "cli-progress";
import type { RunProgressEvent } from "./runNotebook.js";

export interface RunProgressOptions {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WriteStream;
  /** Force the bar (true) or log lines (false); default: bar when `stream` is a TTY. */
  tty?: boolean;
  /** Print nothing. Default false. */
  quiet?: boolean;
}

/**
 * A progress listener for {@link runNotebook}'s `onProgress`.
 *
 * @example
 * await runNotebook("analysis.ipynb", { onProgress: createRunProgressReporter({ quiet: false }) });
 * // on a pipe: "[icp run] cell 3/12 started: const churn = monthlyChurn(dataset)"
 */
export function createRunProgressReporter(options: RunProgressOptions = {}): (event: RunProgressEvent) => void {
  if (options.quiet) return () => {};
  const stream = options.stream ?? process.stderr;
  return (options.tty ?? stream.isTTY === true) ? barReporter(stream) : lineReporter(stream);
}

function lineReporter(stream: NodeJS.WritableStream): (event: RunProgressEvent) => void {
  const log = (text: string) => stream.write(`[icp run] ${text}\n`);
  return (event) => {
    switch (event.type) {
      case "kernel-starting":
        return log(`starting kernel ${event.kernelName} for ${event.total} code cells`);
      case "kernel-ready":
        return log(`kernel ready in ${(event.startMs / 1000).toFixed(1)} s`);
      case "cell-start":
        // Positions count the code cells that run; a failure names the cell by its place in the whole notebook
        // ("cell 6 of 41"), so say that place too when it differs, or "cell 4/27" and "cell 6 of 41" look like two cells.
        return log(`cell ${event.position}/${event.total} started${event.cellIndex + 1 === event.position ? "" : ` (notebook cell ${event.cellIndex + 1})`}: ${event.firstLine}`);
      case "cell-end":
        return log(`cell ${event.position}/${event.total} ${event.status} in ${(event.durationMs / 1000).toFixed(2)} s`);
      case "done":
        return log(`${event.status} in ${(event.durationMs / 1000).toFixed(1)} s`);
    }
  };
}

function barReporter(stream: NodeJS.WritableStream): (event: RunProgressEvent) => void {
  const bar = new cliProgress.SingleBar(
    { stream, format: "{bar} {value}/{total} cells | {duration_formatted} | {cell}", hideCursor: true, clearOnComplete: false, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return (event) => {
    switch (event.type) {
      case "kernel-starting":
        bar.start(event.total, 0, { cell: `starting kernel ${event.kernelName}…` });
        started = true;
        return;
      case "cell-start":
        bar.update(event.position - 1, { cell: event.firstLine });
        return;
      case "cell-end":
        bar.update(event.position);
        return;
      case "done":
        if (started) {
          bar.update({ cell: event.status });
          bar.stop();
        }
        return;
    }
  };
}
