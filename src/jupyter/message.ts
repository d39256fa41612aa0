/**
 * The Jupyter messaging protocol's wire format (protocol 5.3): message construction, HMAC-SHA256
 * signing, and (de)serialisation of ZeroMQ multipart frames. Shared by the kernel (server side) and
 * the runner (client side); knows nothing of TypeScript or notebooks.
 *
 * Wire layout: [...routing identities, "<IDS|MSG>", signature, header, parent_header, metadata,
 * content, ...buffers]; the signature is the hex HMAC of the four JSON frames, in that order.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { KernelError } from "../errors/index.js";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  subshell_id?: string | null;
}

export interface JupyterMessage<Content = Record<string, unknown>> {
  /** ZeroMQ routing identities (ROUTER sockets) or the topic (IOPub); empty for DEALER peers. */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the message this one answers, or {} */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

export interface MessageOptions {
  session: string;
  username?: string;
  parent?: JupyterMessage<unknown>;
  metadata?: Record<string, unknown>;
  identities?: Buffer[];
}

/** Create a message of `msgType` with a fresh id, answering `parent` when given. */
export function createMessage<Content>(msgType: string, content: Content, options: MessageOptions): JupyterMessage<Content> {
  return {
    identities: options.identities ?? options.parent?.identities ?? [],
    header: {
      msg_id: randomUUID(),
      session: options.session,
      username: options.username ?? "icp",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: options.parent ? options.parent.header : {},
    metadata: options.metadata ?? {},
    content,
    buffers: [],
  };
}

/** Hex HMAC-SHA256 of the frames; an empty key disables signing (signature ""), as the spec allows. */
export function sign(key: string, frames: Buffer[]): string {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/** Serialise a message to ZeroMQ frames, signed with `key`. */
export function serialize(message: JupyterMessage<unknown>, key: string): Buffer[] {
  const payload = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part ?? {}), "utf8"),
  );
  return [...message.identities, Buffer.from(DELIMITER), Buffer.from(sign(key, payload)), ...payload, ...message.buffers];
}

/** Parse ZeroMQ frames into a message, verifying the signature; throws KernelError when invalid. */
export function deserialize<Content = Record<string, unknown>>(frames: Buffer[], key: string): JupyterMessage<Content> {
  const delimiterIndex = frames.findIndex((frame) => frame.toString() === DELIMITER);
  if (delimiterIndex < 0 || frames.length < delimiterIndex + 6) {
    throw new KernelError(`malformed Jupyter message: ${frames.length} frames, no complete <IDS|MSG> envelope`);
  }
  const signature = frames[delimiterIndex + 1].toString();
  const payload = frames.slice(delimiterIndex + 2, delimiterIndex + 6);
  const expected = sign(key, payload);
  if (key && !safeEqual(signature, expected)) {
    throw new KernelError("Jupyter message with an invalid HMAC signature (wrong key?)");
  }
  const [header, parent, metadata, content] = payload.map((frame) => JSON.parse(frame.toString("utf8")));
  return {
    identities: frames.slice(0, delimiterIndex),
    header,
    parent_header: parent,
    metadata,
    content,
    buffers: frames.slice(delimiterIndex + 6),
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
