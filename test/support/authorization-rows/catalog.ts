import { type AuthorizationRow, everyone } from "#test/support/authorization-rows/matrix";

export const rows: AuthorizationRow[] = [{ route: "GET /v1/catalog", expect: everyone(200) }];
