/**
 * Calendar quarters as report periods: "2026Q3" <-> its first and last day (UTC calendar days),
 * and the previous quarter (for quarter-over-quarter comparisons).
 */
import { ParameterError } from "../errors/index.js";

export interface Quarter {
  year: number;
  /** 1..4 */
  quarter: number;
}

const QUARTER_PATTERN = /^(\d{4})-?Q([1-4])$/i;

/** Parse "2026Q3" (also "2026-Q3", case-insensitive). */
export function parseQuarter(text: string): Quarter {
  const match = QUARTER_PATTERN.exec(text.trim());
  if (!match) throw new ParameterError(`quarter '${text}' is not of the form YYYYQn (e.g. 2026Q3)`, { value: text });
  return { year: Number(match[1]), quarter: Number(match[2]) };
}

export function formatQuarter(q: Quarter): string {
  return `${q.year}Q${q.quarter}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** First day of the quarter, YYYY-MM-DD. */
export function quarterStart(q: Quarter): string {
  return `${q.year}-${pad((q.quarter - 1) * 3 + 1)}-01`;
}

/** Last day of the quarter, YYYY-MM-DD (the default analysis date of a quarterly report). */
export function quarterEnd(q: Quarter): string {
  const lastMonth = q.quarter * 3;
  // Day 0 of the next month is the last day of this one (UTC, so no time-zone drift).
  const lastDay = new Date(Date.UTC(q.year, lastMonth, 0)).getUTCDate();
  return `${q.year}-${pad(lastMonth)}-${pad(lastDay)}`;
}

/** The quarter before, e.g. 2026Q1 -> 2025Q4. */
export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}
