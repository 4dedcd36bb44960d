import * as z from "zod/mini";
import { timestamp } from "#shared/api/responses";
import type { JsonResponse } from "#shared/route-types";

export const healthResponse: JsonResponse = {
  name: "Health",
  schema: z.strictObject({ status: z.literal("ok") }),
  example: { status: "ok" },
};

export const operatorHealthResponse: JsonResponse = {
  name: "OperatorHealth",
  schema: z.strictObject({
    status: z.literal("ok"),
    version: z.string(),
    node: z.string(),
    runtime: z.string(),
    startedAt: timestamp,
  }),
  example: {
    status: "ok",
    version: "0.1.0",
    node: "24.11.1",
    runtime: "local",
    startedAt: "2026-12-01T09:00:00.000Z",
  },
};

export const openApiResponse: JsonResponse = {
  name: "OpenApiDocument",
  schema: z.looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({}),
    paths: z.record(z.string(), z.unknown()),
  }),
  example: {
    openapi: "3.1.0",
    info: { title: "Hosting account workflows API", version: "0.1.0" },
    paths: {},
  },
};
