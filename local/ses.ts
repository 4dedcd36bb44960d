import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as sesModule from "aws-ses-v2-local";
import { close, listen } from "#local/listen";

export interface LocalSes {
  /**
   * SES v2 API endpoint, and the mail page (`/`) and store (`/store`) for people and tests. Both
   * show each mail's attachments (SES v2 `Content.Simple.Attachments`, an invoice's PDF): the
   * page as links, the store as `attachments: [{ filename, contentType, size, content }]`, the
   * content base64.
   */
  endpoint: string;
  stop(): Promise<void>;
}

type SesServer = (config?: { host?: string; port?: number }) => Promise<Server>;
// A CommonJS module compiled from ESM: Node gives its exports object as the default, bundlers unwrap it.
const sesServer: SesServer =
  (sesModule as unknown as { default: { default?: SesServer } }).default.default ??
  (sesModule as unknown as { default: SesServer }).default;

/** aws-ses-v2-local, bound to loopback (it listens on every interface by default). */
export async function startLocalSes(options: { port: number; host?: string }): Promise<LocalSes> {
  const host = options.host ?? "127.0.0.1";
  if (options.port !== 0) {
    // aws-ses-v2-local never settles when its port is taken: probe the port first.
    const probe = createServer();
    await listen(probe, options.port, host, "SES_PORT");
    await close(probe);
  }
  const server: Server = await sesServer({ host, port: options.port });
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://${host}:${port}`, stop: () => close(server) };
}
