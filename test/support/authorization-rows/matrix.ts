import { type SignedUp, signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { createProduct, joinAs } from "#test/support/organizations";
import type { TestRuntime } from "#test/support/runtime";

/**
 * The authorization matrix (`test/integration/authorization-matrix.test.ts`): every route of
 * the route table × every role, with the status each role gets. Each area describes its
 * routes in `test/support/authorization-rows/<area>.ts`, exporting `rows: AuthorizationRow[]`;
 * the test loads every file of this folder that exports `rows`, and fails for a route that
 * has no row (or a row for a route that does not exist).
 *
 * A row says, per role, the expected status (and, for refusals, the code), and how to build
 * a valid request, so that an allowed role gets the route's success status. The requests
 * run against one fixture (below), role by role, in the order of `roles`.
 */

export const roles = [
  /** Legal representative of the fixture organization, with billing rights (as sign-up makes them). */
  "legalRepresentative",
  /** Administrator of the fixture organization, without billing rights. */
  "administrator",
  /** User given the fixture product, without billing rights. */
  "userWithProduct",
  /** User with no product and no billing rights. */
  "userWithoutProduct",
  /** User with billing rights and no product. */
  "userWithBilling",
  /** Legal representative of another organization (which has a product of its own), not a member here. */
  "outsider",
  /** No token at all. */
  "anonymous",
] as const;
export type MatrixRole = (typeof roles)[number];
export type SignedInRole = Exclude<MatrixRole, "anonymous">;

/** A status, or a status and the problem `code` the answer must carry. */
export type Expected = number | { status: number; code: string };

export interface Fixture {
  local: TestRuntime;
  api: string;
  /** The fixture organization: the legal representative's. */
  orgId: string;
  /** A product of the fixture organization, given to `userWithProduct`. */
  productId: string;
  /** Every signed-in role's person (`outsider.orgId` is the other organization). */
  people: Record<SignedInRole, SignedUp>;
  /** A user member of the fixture organization that rows may change but never remove. */
  member: SignedUp;
  /** A product of the outsider's organization. */
  outsiderProductId: string;
  /** The operator key (header `x-operator-key`) of the local runtime. */
  operatorKey: string;
  /**
   * Path parameter values used when a row's request does not give them: `orgId`,
   * `productId`, `userId` (the `member`). Rows add their own (e.g. an invoice they create).
   */
  params: Record<string, string>;
}

export interface RowContext<Prepared = unknown> {
  fixture: Fixture;
  role: MatrixRole;
  /** The caller; undefined for `anonymous`. */
  caller: SignedUp | undefined;
  /** What the row's `prepare` returned (once per row, before the first role). */
  prepared: Prepared;
}

export interface RowRequest {
  /** Path parameters; missing ones come from `fixture.params` (the test fails if neither has one). */
  params?: Record<string, string>;
  /** Appended as the query string. */
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A non-JSON body (set its content-type in `headers`). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** The bearer token: the caller's by default (none for `anonymous`); `null` sends none. */
  token?: string | null;
}

export interface AuthorizationRow<Prepared = unknown> {
  /** The route key, `METHOD /path` as declared (`GET /v1/organizations/{orgId}`). */
  route: string;
  /** What each role gets. */
  expect: Record<MatrixRole, Expected>;
  /** Set-up shared by the roles of this row (runs once, before the first role). */
  prepare?: (fixture: Fixture) => Promise<Prepared>;
  /** A valid request for one role; by default no body and the fixture's path parameters. */
  request?: (context: RowContext<Prepared>) => RowRequest | Promise<RowRequest>;
  /** The row runs on a fixture of its own: its successes would spoil the shared one (closing accounts). */
  freshFixture?: boolean;
  /** Why a row expects what it does, when it is not plain (e.g. "asserts authorization only"). */
  note?: string;
}

/** A row with its prepared value typed; the folder's files export `rows: AuthorizationRow[]`. */
export const row = <Prepared = undefined>(definition: AuthorizationRow<Prepared>) =>
  definition as unknown as AuthorizationRow;

// ---- expectations: who gets through, and what the others get ------------------------------

const notMember = 404;
const anonymous = 401;

/** The same answer for every role (public routes). */
export const everyone = (expected: Expected): Record<MatrixRole, Expected> => ({
  legalRepresentative: expected,
  administrator: expected,
  userWithProduct: expected,
  userWithoutProduct: expected,
  userWithBilling: expected,
  outsider: expected,
  anonymous: expected,
});

/** Any signed-in caller (routes about the caller themselves); anonymous gets 401. */
export const signedIn = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...everyone(expected),
  anonymous,
});

/** Any member of the organization; another organization's member gets 404 (R-O7). */
export const members = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...signedIn(expected),
  outsider: notMember,
});

const refused = (code: string) => ({ status: 403, code });

/** Legal representatives and administrators. */
export const administrators = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...members(expected),
  userWithProduct: refused("ADMINISTRATOR_REQUIRED"),
  userWithoutProduct: refused("ADMINISTRATOR_REQUIRED"),
  userWithBilling: refused("ADMINISTRATOR_REQUIRED"),
});

/** Legal representatives only (R-O4). */
export const legalRepresentatives = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...members(expected),
  administrator: refused("LEGAL_REPRESENTATIVE_REQUIRED"),
  userWithProduct: refused("LEGAL_REPRESENTATIVE_REQUIRED"),
  userWithoutProduct: refused("LEGAL_REPRESENTATIVE_REQUIRED"),
  userWithBilling: refused("LEGAL_REPRESENTATIVE_REQUIRED"),
});

/** Billing rights, whatever the role (R-M1): here the legal representative and `userWithBilling`. */
export const billing = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...members(expected),
  administrator: refused("BILLING_RIGHTS_REQUIRED"),
  userWithProduct: refused("BILLING_RIGHTS_REQUIRED"),
  userWithoutProduct: refused("BILLING_RIGHTS_REQUIRED"),
});

/** Access to the fixture product (R-M5): administrators, legal representatives, `userWithProduct`. */
export const productAccess = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...members(expected),
  userWithoutProduct: refused("PRODUCT_ACCESS_REQUIRED"),
  userWithBilling: refused("PRODUCT_ACCESS_REQUIRED"),
});

// ---- the fixture ---------------------------------------------------------------------------

/**
 * One organization with a member of each role and a product, and an outsider with an
 * organization and a product of their own; every person is a real account made over HTTP.
 */
export async function buildFixture(local: TestRuntime): Promise<Fixture> {
  const legalRepresentative = await signUp(local.api, { loginEmail: uniqueEmail("representative") });
  const orgId = legalRepresentative.orgId;
  const product = await createProduct(orgId, "matrix.example");
  const outsider = await signUp(local.api, { loginEmail: uniqueEmail("outsider") });
  const outsiderProduct = await createProduct(outsider.orgId, "outsider.example");
  const join = (role: "administrator" | "user", billingRights: boolean, productIds?: string[]) =>
    joinAs(local, legalRepresentative, orgId, { role, billingRights, ...(productIds ? { productIds } : {}) });
  const people = {
    legalRepresentative,
    administrator: await join("administrator", false),
    userWithProduct: await join("user", false, [product.productId]),
    userWithoutProduct: await join("user", false),
    userWithBilling: await join("user", true),
    outsider,
  };
  const member = await join("user", false);
  return {
    local,
    api: local.api,
    orgId,
    productId: product.productId,
    people,
    member,
    outsiderProductId: outsiderProduct.productId,
    operatorKey: local.runtime.operatorKey,
    params: { orgId, productId: product.productId, userId: member.userId },
  };
}

export { strongPassword, uniqueEmail };
