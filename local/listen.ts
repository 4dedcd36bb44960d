import type { Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";

/** Error raised when a local service cannot bind its port; its message is one line for the user. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(`port ${port} is already in use: stop what holds it or set ${variable} to another port`);
    this.name = "PortInUseError";
  }
}

/**
 * Binds a server to loopback. `port` 0 picks a free port (tests); `variable` names the
 * environment variable that sets the port, so the error tells the user what to change.
 */
export function listen(server: Server, port: number, host: string, variable: string): Promise<number> {
  // Idle keep-alive connections stay open longer than clients keep them (the AWS SDK reuses its
  // sockets): a server closing one just as a client sends on it answers "socket hang up".
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(port, variable) : error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections?.();
  });
}

/**
 * Checks that each port is free before anything starts: the start stops at once with one line
 * naming the first one in use (its variable), not after the services before it have started.
 * A port of 0 is always free.
 */
export async function assertPortsFree(ports: Readonly<Record<string, number>>, host: string): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new PortInUseError(port, variable) : error),
      );
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}
