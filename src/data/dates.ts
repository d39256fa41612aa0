/**
 * Small date helpers for the one date convention (UTC calendar days, ISO `YYYY-MM-DD`).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 for an ISO `YYYY-MM-DD` string, or undefined when the text is not a real
 * calendar date (2025-02-30 is rejected rather than rolled over to March).
 *
 * @example isoDateToDays("1970-01-02") // 1
 */
export function isoDateToDays(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

/**
 * Check that a string is an ISO calendar date (used for `asOf` options).
 *
 * @example isIsoDate("2026-09-30") // true
 */
export function isIsoDate(text: string): boolean {
  return isoDateToDays(text) !== undefined;
}
