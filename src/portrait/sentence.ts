/**
 * Plain-language sentences for portrait findings, e.g.
 * "Ideal customers are 2.4x as likely to come from the email newsletter channel (38% vs 16%, n=412)."
 */

/** How "to <phrase>" reads for a value of each known attribute. */
const PHRASES: Record<string, (value: string) => string> = {
  acquisition_channel: (v) => `come from the ${v} channel`,
  industry: (v) => `be in ${v}`,
  company_size: (v) => `have ${v} employees`,
  region: (v) => `be in ${v}`,
  country: (v) => `be in ${v}`,
  plan: (v) => `be on the ${v} plan`,
};

const readable = (text: string): string => text.replaceAll("_", " ");
const percent = (share: number): string => `${Math.round(share * 100)}%`;

/**
 * One sentence for a finding. `n` is the number of customers with the value (both groups).
 *
 * @example
 * findingSentence({ attribute: "acquisition_channel", value: "email_newsletter", idealShare: 0.38, restShare: 0.16, lift: 2.375, n: 412 });
 * // "Ideal customers are 2.4x as likely to come from the email newsletter channel (38% vs 16%, n=412)."
 */
export function findingSentence(finding: { attribute: string; value: string; idealShare: number; restShare: number; lift: number; n: number }, groupName = "Ideal customers"): string {
  const phrase = (PHRASES[finding.attribute] ?? ((v: string) => `have ${readable(finding.attribute)} = ${v}`))(readable(finding.value));
  const numbers = `(${percent(finding.idealShare)} vs ${percent(finding.restShare)}, n=${finding.n})`;
  if (!Number.isFinite(finding.lift)) return `${readable(finding.attribute)} = ${readable(finding.value)} occurs only among ${groupName.toLowerCase()} ${numbers}.`;
  if (finding.lift >= 1) return `${groupName} are ${finding.lift.toFixed(1)}x as likely to ${phrase} ${numbers}.`;
  return `${groupName} are ${Math.round((1 - finding.lift) * 100)}% less likely to ${phrase} ${numbers}.`;
}
