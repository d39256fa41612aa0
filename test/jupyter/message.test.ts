import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { createMessage, deserialize, serialize } from "../../src/jupyter/index.js";

describe("Jupyter wire format", () => {
  it("signs the four JSON frames with HMAC-SHA256 and round-trips", () => {
    const message = createMessage("execute_request", { code: "1 + 1" }, { session: "s1", identities: [Buffer.from("id")] });
    const frames = serialize(message, "secret");
    expect(frames[0].toString()).toBe("id");
    expect(frames[1].toString()).toBe("<IDS|MSG>");
    const expected = createHmac("sha256", "secret").update(frames[3]).update(frames[4]).update(frames[5]).update(frames[6]).digest("hex");
    expect(frames[2].toString()).toBe(expected);
    const parsed = deserialize(frames, "secret");
    expect(parsed.header.msg_type).toBe("execute_request");
    expect(parsed.content).toEqual({ code: "1 + 1" });
    expect(parsed.identities.map(String)).toEqual(["id"]);
  });

  it("rejects a message signed with another key", () => {
    const frames = serialize(createMessage("status", {}, { session: "s" }), "one");
    expect(() => deserialize(frames, "two")).toThrow(/invalid HMAC/);
  });

  it("answers a parent with its header as parent_header", () => {
    const parent = createMessage("kernel_info_request", {}, { session: "s" });
    const reply = createMessage("kernel_info_reply", { status: "ok" }, { session: "k", parent });
    expect(reply.parent_header.msg_id).toBe(parent.header.msg_id);
  });
});
