import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as sesModule from "aws-ses-v2-local";
import { close, listen } from "#local/listen";
import { mailPage } from "#local/mail-page/server";

/**
 * How the local SES answers sends for a while: as a throttled account (SES's maximum sending
 * rate: worth retrying) or as an account in the sandbox (recipients not verified: refused for good).
 */
export type SesRefusal = "throttling" | "sandbox";

export interface LocalSes {
  /**
   * SES v2 API endpoint, and the mail page (`/`, local/mail-page/) and store (`/store`) for people
   * and tests. Both show each mail's attachments (SES v2 `Content.Simple.Attachments`, an
   * invoice's PDF): the page as links that open them in the browser, the store as
   * `attachments: [{ filename, contentType, size, content }]`, the content base64.
   */
  endpoint: string;
  /** Refuses every send as SES would (tests of the outbox); `undefined` accepts again. */
  refuse(refusal: SesRefusal | undefined): void;
  stop(): Promise<void>;
}

type SesServer = (config?: { host?: string; port?: number }) => Promise<Server>;
// A CommonJS module compiled from ESM: Node gives its exports object as the default, bundlers unwrap it.
const sesServer: SesServer =
  (sesModule as unknown as { default: { default?: SesServer } }).default.default ??
  (sesModule as unknown as { default: SesServer }).default;

/** SES v2's answers to a refused send, as its REST-JSON protocol carries them. */
const refusals: Record<SesRefusal, { status: number; type: string; message: (body: string) => string }> = {
  throttling: {
    status: 429,
    type: "TooManyRequestsException",
    message: () => "Maximum sending rate exceeded.",
  },
  sandbox: {
    status: 400,
    type: "MessageRejected",
    message: (body) => {
      const to = (JSON.parse(body || "{}") as { Destination?: { ToAddresses?: string[] } }).Destination
        ?.ToAddresses;
      return `Email address is not verified. The following identities failed the check in region EU-CENTRAL-2: ${(to ?? []).join(", ")}`;
    },
  },
};

/**
 * Test facility: the crash test (test/integration/crash.test.ts) stops the mailer between SES's
 * acceptance of a mail and the mark of its outbox item, with `LOCAL_CRASH_SES_AFTER_ACCEPT=<template>`
 * and `LOCAL_CRASH_SES_RECIPIENT_PREFIX=<prefix>`: the first send of that template (its `template`
 * tag) to a recipient whose address begins with the prefix is accepted (stored, as SES would keep
 * it and deliver it) and its answer withheld, so the call never returns; the test kills the
 * process while it waits there. Unset (npm start, every other test), none.
 */
export interface SesCrashPoint {
  template: string;
  recipientPrefix: string;
}

export function sesCrashPointFromEnvironment(): SesCrashPoint | undefined {
  const template = process.env.LOCAL_CRASH_SES_AFTER_ACCEPT;
  if (template === undefined || template === "") return undefined;
  const recipientPrefix = process.env.LOCAL_CRASH_SES_RECIPIENT_PREFIX ?? "";
  if (recipientPrefix === "")
    throw new Error(
      "LOCAL_CRASH_SES_AFTER_ACCEPT takes a template's name, and LOCAL_CRASH_SES_RECIPIENT_PREFIX the prefix of the recipient whose mail stops there",
    );
  console.warn(
    `local SES: crash point armed: the first ${template} mail to ${recipientPrefix}* is accepted and never answered`,
  );
  return { template, recipientPrefix };
}

/** Whether a send's body is the crash point's: its template tag, and a recipient with the prefix. */
function isCrashPointSend(point: SesCrashPoint, body: string): boolean {
  try {
    const send = JSON.parse(body || "{}") as {
      Destination?: { ToAddresses?: string[] };
      EmailTags?: { Name?: string; Value?: string }[];
    };
    return (
      (send.EmailTags ?? []).some((tag) => tag.Name === "template" && tag.Value === point.template) &&
      (send.Destination?.ToAddresses ?? []).some((to) => to.startsWith(point.recipientPrefix))
    );
  } catch {
    return false;
  }
}

const readBody = (incoming: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => resolve(Buffer.concat(chunks)));
    incoming.on("error", reject);
  });

/**
 * aws-ses-v2-local, bound to loopback (it listens on every interface by default), behind a small
 * front that passes everything through but the emulator's page (the project's own mail page
 * instead, read from the emulator's store), and answers sends with SES's refusals while told to.
 */
export async function startLocalSes(options: { port: number; host?: string }): Promise<LocalSes> {
  const host = options.host ?? "127.0.0.1";
  const emulator: Server = await sesServer({ host, port: 0 });
  const emulatorPort = (emulator.address() as AddressInfo).port;
  let refusing: SesRefusal | undefined;
  // Set by the crash test in the process it kills; taken by the first send that matches it.
  let crashPoint = sesCrashPointFromEnvironment();
  const page = await mailPage(`http://${host.includes(":") ? `[${host}]` : host}:${emulatorPort}/store`);
  const front = createServer(async (incoming: IncomingMessage, response: ServerResponse) => {
    try {
      if (await page.serve(incoming, response)) return;
      const body = await readBody(incoming);
      const isSend =
        incoming.method === "POST" && (incoming.url ?? "").startsWith("/v2/email/outbound-emails");
      if (isSend && refusing) {
        const refusal = refusals[refusing];
        response.writeHead(refusal.status, {
          "content-type": "application/json",
          "x-amzn-errortype": refusal.type,
        });
        response.end(JSON.stringify({ message: refusal.message(body.toString("utf8")) }));
        return;
      }
      const stopsHere =
        isSend && crashPoint !== undefined && isCrashPointSend(crashPoint, body.toString("utf8"));
      if (stopsHere) crashPoint = undefined;
      const outgoing = request(
        { host, port: emulatorPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (reply) => {
          if (stopsHere && (reply.statusCode ?? 500) < 300) {
            // Accepted (the emulator keeps it, as SES would deliver it); the caller never hears so.
            reply.resume();
            console.warn("local SES: crash point reached: a mail accepted, its answer withheld");
            return;
          }
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      outgoing.on("error", (error) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(error.message);
      });
      outgoing.end(body);
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end((error as Error).message);
    }
  });
  let port: number;
  try {
    port = await listen(front, options.port, host, "SES_PORT");
  } catch (error) {
    await close(emulator);
    throw error;
  }
  return {
    endpoint: `http://${host}:${port}`,
    refuse(refusal) {
      refusing = refusal;
    },
    stop: async () => {
      await close(front);
      await close(emulator);
    },
  };
}
