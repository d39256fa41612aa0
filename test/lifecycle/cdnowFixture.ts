/**
 * The public CDNOW 1/10 sample (Fader, Hardie & Lee 2005) as an `orders` table: whitespace-separated
 * columns customer id, sample id, date YYYYMMDD, CDs, dollars. CI has ../shared beside the clone.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { datasetFromRows, type Dataset, type Row } from "../../src/data/index.js";

export const CDNOW_PATH = fileURLToPath(new URL("../../../shared/data/cdnow/CDNOW_sample.txt", import.meta.url));

/** Parse the sample into order rows (order_id = line number). */
export function cdnowOrders(): Row[] {
  return readFileSync(CDNOW_PATH, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const [customer, , date, , dollars] = line.trim().split(/\s+/);
      return {
        order_id: String(index + 1),
        customer_id: customer,
        order_date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
        amount: Number(dollars),
      };
    });
}

export function cdnowDataset(): Promise<Dataset> {
  return datasetFromRows({ orders: cdnowOrders() });
}
