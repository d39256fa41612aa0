/**
 * The part of the data folder's public face that loads no engine (no DuckDB, no arquero): the
 * defaults of the data functions and the date check. index.ts re-exports all of it; the CLI imports
 * this file directly, so that `icp --help` and option parsing do not load DuckDB (≈1 s of imports).
 */
import { DEMO_ANALYSIS_DATE, DEMO_START_DATE } from "./demo-signals.js";

export { isIsoDate, isoDateToDays } from "./dates.js";

/** Defaults of demoDataset / writeDemoData (`icp data generate`). */
export const DEMO_DEFAULTS = { customers: 2000, seed: 42, asOf: DEMO_ANALYSIS_DATE, startDate: DEMO_START_DATE } as const;

/** Defaults of loadDataset (`icp data check`). */
export const LOAD_DEFAULTS = { strict: true, maxErrors: 100 } as const;
