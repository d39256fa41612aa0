/**
 * `history_request`: the cells this kernel ran (inputs and the text of their results), answering
 * the three access types of the protocol — tail, range and search (glob patterns, as IPython).
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#history
 */

export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  /** text/plain of the cell's result, or null. */
  output: string | null;
}

export interface HistoryQuery {
  hist_access_type: "tail" | "range" | "search";
  output?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** A history reply entry: [session, line, input] or [session, line, [input, output]]. */
export type HistoryTuple = [number, number, string | [string, string | null]];

/** Glob (`*`, `?`) to an anchored RegExp, as IPython's history search (sqlite GLOB). */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${escaped}$`);
}

/**
 * Select history entries for a request (entries in execution order).
 * tail: the last `n`; range: `session` (0 = current) lines in [start, stop); search: inputs
 * matching the glob `pattern`, the last `n` if given, duplicates dropped with `unique`.
 * @example
 * selectHistory(entries, { hist_access_type: "tail", n: 2 }) // the last two cells
 */
export function selectHistory(entries: HistoryEntry[], query: HistoryQuery, currentSession: number): HistoryTuple[] {
  let selected: HistoryEntry[];
  switch (query.hist_access_type) {
    case "tail":
      selected = query.n === undefined ? entries : entries.slice(Math.max(0, entries.length - query.n));
      break;
    case "range": {
      const session = !query.session ? currentSession : query.session;
      const start = query.start ?? 0;
      const stop = query.stop ?? Number.POSITIVE_INFINITY;
      selected = entries.filter((e) => e.session === session && e.line >= start && e.line < stop);
      break;
    }
    case "search": {
      const matcher = globToRegExp(query.pattern ?? "*");
      selected = entries.filter((e) => matcher.test(e.input));
      if (query.unique) {
        // Keep the latest occurrence of each input, in order of those latest occurrences.
        const lastIndex = new Map(selected.map((e, i) => [e.input, i]));
        selected = selected.filter((e, i) => lastIndex.get(e.input) === i);
      }
      if (query.n !== undefined && query.n > 0) selected = selected.slice(Math.max(0, selected.length - query.n));
      break;
    }
    default:
      selected = [];
  }
  return selected.map((e) => [e.session, e.line, query.output ? [e.input, e.output] : e.input]);
}
