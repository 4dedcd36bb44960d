import type { Context } from "aws-lambda";
import type { HttpEvent } from "#shared/http";

/** An API Gateway HTTP API (payload 2.0) event, as the gateway builds it. */
export function httpEvent(
  overrides: Partial<HttpEvent> & { method?: string; path?: string } = {},
): HttpEvent {
  const { method = "GET", path = "/", ...rest } = overrides;
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "test",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId: "request-1",
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...rest,
  };
}

export const testContext = {
  awsRequestId: "aws-request-1",
  functionName: "test",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
