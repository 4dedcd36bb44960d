import { type AuthorizationRow, everyone } from "#test/support/authorization-rows/matrix";

export const rows: AuthorizationRow[] = [
  { route: "GET /v1/health", expect: everyone(200) },
  { route: "GET /v1/openapi.json", expect: everyone(200) },
  {
    route: "GET /v1/operator/health",
    expect: everyone({ status: 403, code: "FORBIDDEN" }),
    note: "The versions are for operators (test/integration/gateway.test.ts reads them with the operator key).",
  },
];
