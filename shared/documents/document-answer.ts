import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "zod/mini";
import { type HttpEvent, type HttpHandler, type HttpRequest, httpHandler } from "#shared/http";
import type { RouteDefinition, RouteSchema } from "#shared/route-types";

/** What a route's query schema gives its handler (as `httpHandler` infers it). */
type QueryOf<Query> = Query extends RouteSchema ? z.output<Query> : undefined;

/** A document a route answers with: its bytes, type and file name. */
export interface DocumentAnswer {
  bytes: Uint8Array;
  contentType: "application/pdf";
  fileName: string;
}

/**
 * The handler of a route that answers a document (a PDF) rather than JSON: the route's usual
 * chain (`httpHandler`: path checks, session, problem+json errors, security headers, access
 * log), whose 200 then carries the bytes base64-encoded with `isBase64Encoded`, as API Gateway's
 * HTTP API (and the local gateway) wants a binary body. The chain answers JSON only, so the
 * bytes wait beside it, keyed by the invocation's context, until it has answered.
 */
export function documentHandler<Query extends RouteSchema | undefined>(
  definition: RouteDefinition<undefined, Query>,
  run: (request: HttpRequest<undefined, QueryOf<Query>>) => Promise<DocumentAnswer>,
): HttpHandler {
  const documents = new WeakMap<Context, DocumentAnswer>();
  const chain = httpHandler(definition, async (request) => {
    const document = await run(request);
    documents.set(request.context, document);
    return {
      status: 200,
      headers: {
        "content-type": document.contentType,
        "content-disposition": `attachment; filename="${document.fileName}"`,
      },
    };
  });
  const handler = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await chain(event, context);
    const document = documents.get(context);
    documents.delete(context);
    if (!document || result.statusCode !== 200) return result;
    return { ...result, body: Buffer.from(document.bytes).toString("base64"), isBase64Encoded: true };
  };
  return Object.assign(handler, { route: chain.route });
}
