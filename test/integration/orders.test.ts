import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import {
  addMember,
  asOperator,
  createPromoCode,
  grantFreeOffer,
  line,
  type PlacedOrder,
  type Problem,
  placeOrder,
  tableItemCount,
  topUp,
  uniqueCode,
} from "#test/support/billing";
import { call, eventually, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

const germanCompany = {
  type: "company",
  name: "Analytical Engines GmbH",
  postalAddress: { line1: "Hauptstrasse 1", postalCode: "10115", city: "Berlin", country: "DE" },
};

const quote = (account: { orgId: string; token: string }, body: unknown) =>
  call<
    {
      quote: {
        total: number;
        currency: string;
        lines: { price: number; reduction: number; total: number }[];
      };
    } & Problem
  >(local.api, "POST", `/v1/organizations/${account.orgId}/orders/quote`, { body, token: account.token });

describe("catalog", () => {
  it("R-T1 R-$1 lists every kind with its category, backups and integer prices in CHF and EUR, publicly", async () => {
    const response = await call<{
      categories: { category: string }[];
      products: {
        kind: string;
        category: string;
        hasBackups: boolean;
        prices: { amount: number; currency: string }[];
      }[];
    }>(local.api, "GET", "/v1/catalog");
    expect(response.status).toBe(200);
    expect(response.body.categories.map((category) => category.category)).toEqual([
      "collaborative_tools",
      "web_domains",
      "cloud_computing",
      "events_marketing",
      "streaming",
    ]);
    const categories = new Set(response.body.categories.map((category) => category.category));
    expect(response.body.products.length).toBeGreaterThanOrEqual(8);
    for (const product of response.body.products) {
      expect(categories.has(product.category), product.kind).toBe(true);
      expect(product.prices.map((price) => price.currency).sort()).toEqual(["CHF", "EUR"]);
      for (const price of product.prices)
        expect(Number.isInteger(price.amount) && price.amount > 0).toBe(true);
    }
    expect(new Set(response.body.products.map((product) => product.category))).toEqual(categories);
    expect(response.body.products.find((product) => product.kind === "web_hosting")?.hasBackups).toBe(true);
    expect(response.body.products.find((product) => product.kind === "domain")?.hasBackups).toBe(false);
  });
});

describe("quote", () => {
  it("R-P1 refuses a cart without a payment method before looking at its codes", async () => {
    const account = await signUp(local.api);
    const response = await quote(account, { lines: [line("domain", { promoCode: "NO-SUCH-CODE" })] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("VALIDATION_FAILED");
    expect(response.body.errors?.map((error) => error.path)).toEqual(["body.paymentMethod"]);
  });

  it("R-P2 prices a cart with a percent code and an amount code on two lines, and writes nothing", async () => {
    const account = await signUp(local.api);
    const percent = await createPromoCode(local, { code: uniqueCode("PCT"), percentOff: 25 });
    const amount = await createPromoCode(local, {
      code: uniqueCode("AMT"),
      amountOff: 1_000,
      currency: "CHF",
    });
    const before = await tableItemCount(local);
    const response = await quote(account, {
      paymentMethod: "invoice",
      lines: [
        line("web_hosting", { promoCode: percent.toLowerCase() }),
        line("domain", { promoCode: amount }),
        line("mail_service"),
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.quote.currency).toBe("CHF");
    expect(response.body.quote.lines).toEqual([
      expect.objectContaining({ price: 11_900, reduction: 2_975, total: 8_925, promoCode: percent }),
      expect.objectContaining({ price: 1_500, reduction: 1_000, total: 500, promoCode: amount }),
      expect.objectContaining({ price: 3_600, reduction: 0, total: 3_600 }),
    ]);
    expect(response.body.quote.total).toBe(8_925 + 500 + 3_600);
    expect(await tableItemCount(local)).toBe(before);
  });

  it("R-P2 caps an amount code at the line's price: a line never goes below zero", async () => {
    const account = await signUp(local.api);
    const big = await createPromoCode(local, { code: uniqueCode("BIG"), amountOff: 50_000, currency: "CHF" });
    const response = await quote(account, {
      paymentMethod: "card",
      lines: [line("domain", { promoCode: big })],
    });
    expect(response.status).toBe(200);
    expect(response.body.quote.lines[0]).toMatchObject({ price: 1_500, reduction: 1_500, total: 0 });
    expect(response.body.quote.total).toBe(0);
  });
});

describe("placing an order", () => {
  it("R-P1 R-P3 creates active products with a first backup where the kind has one, the invoice and the count, at once", async () => {
    const account = await signUp(local.api);
    const offer = await grantFreeOffer(local, account.orgId, "web_hosting");
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("web_hosting", { freeOfferId: offer }), line("domain", { name: "lovelace.ch" })],
    });
    expect(response.status).toBe(201);
    const { order, invoice } = response.body;
    expect(order.lines).toEqual([
      expect.objectContaining({ productKind: "web_hosting", price: 11_900, reduction: 11_900, total: 0 }),
      expect.objectContaining({
        productKind: "domain",
        name: "lovelace.ch",
        price: 1_500,
        reduction: 0,
        total: 1_500,
      }),
    ]);
    expect(order).toMatchObject({ total: 1_500, currency: "CHF" });
    expect(invoice).toMatchObject({ status: "open", amount: 1_500, currency: "CHF" });

    const { Product, productsOf, Backup, backupsOfProduct } = await import("#shared/products/entities");
    const { Organization } = await import("#shared/entities");
    const { FreeOffer } = await import("#shared/orders/entities");
    const { getItem, queryAll } = await import("#shared/entity/reads");
    const products = await queryAll(Product, productsOf(account.orgId));
    expect(products.map((product) => [product.kind, product.status, product.category]).sort()).toEqual([
      ["domain", "active", "web_domains"],
      ["web_hosting", "active", "web_domains"],
    ]);
    const hosting = order.lines[0]?.productId as string;
    const backups = await queryAll(Backup, backupsOfProduct(account.orgId, hosting));
    expect(backups).toHaveLength(1);
    const domainBackups = await queryAll(
      Backup,
      backupsOfProduct(account.orgId, order.lines[1]?.productId as string),
    );
    expect(domainBackups).toHaveLength(0);
    expect((await getItem(Organization, { orgId: account.orgId }))?.productCount).toBe(2);
    expect(await getItem(FreeOffer, { orgId: account.orgId, freeOfferId: offer })).toMatchObject({
      orderId: order.orderId,
    });
  });

  it("R-P2 exactly maxRedemptions of 10 concurrent orders get the code; the others are refused whole", async () => {
    const account = await signUp(local.api);
    const code = await createPromoCode(local, {
      code: uniqueCode("RUSH"),
      percentOff: 100,
      maxRedemptions: 5,
    });
    const responses = await Promise.all(
      // Twice the redemptions the code allows, all at once: enough to race for the last ones (each
      // concurrent request is an execution environment of its own, a cold start, as in Lambda).
      Array.from({ length: 10 }, () =>
        placeOrder(local, account, {
          paymentMethod: "invoice",
          lines: [line("domain", { promoCode: code })],
        }),
      ),
    );
    // Three outcomes only: placed, refused by the limit, or CONFLICT (DynamoDB cancelled the
    // transaction past its retries because another order held the code): never a sixth redemption.
    const placed = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status === 422);
    const conflicted = responses.filter((response) => response.status === 409);
    expect(placed.length + refused.length + conflicted.length).toBe(10);
    for (const response of refused)
      expect(response.body).toMatchObject({ code: "PROMO_CODE_INVALID", line: 0 });
    for (const response of conflicted) {
      expect(response.body.code).toBe("CONFLICT");
      expect(response.headers.get("retry-after")).toBeTruthy();
    }
    for (const response of placed) {
      expect(response.body.order.lines[0]).toMatchObject({ reduction: 1_500, total: 0 });
    }
    expect(placed.length).toBeLessThanOrEqual(5);
    // A refusal means the limit was reached: then exactly five got the code.
    if (refused.length) expect(placed.length).toBe(5);
    else expect(conflicted.length).toBeGreaterThan(0);
    console.info(
      `R-P2 race of 10 orders: ${placed.length} placed, ${refused.length} refused, ${conflicted.length} CONFLICT`,
    );
    const { PromoCode, PromoRedemption } = await import("#shared/orders/entities");
    const { Product, productsOf } = await import("#shared/products/entities");
    const { Organization } = await import("#shared/entities");
    const { getItem, queryAll } = await import("#shared/entity/reads");
    expect((await getItem(PromoCode, { code }))?.redemptions).toBe(placed.length);
    // A code's redemptions share its partition (no range helper in the entity descriptions).
    const redemptions = { partition: `PROMO#${code}`, beginsWith: "REDEMPTION#" };
    expect(await queryAll(PromoRedemption, redemptions)).toHaveLength(placed.length);
    expect(await queryAll(Product, productsOf(account.orgId))).toHaveLength(placed.length);
    expect((await getItem(Organization, { orgId: account.orgId }))?.productCount).toBe(placed.length);
  });

  it("R-$4 R-$2 pays a prepaid order from the balance in the same step, or refuses it with nothing written", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 2_000);
    const before = await tableItemCount(local);
    const tooMuch = await placeOrder(local, account, {
      paymentMethod: "prepaid",
      lines: [line("mail_service")],
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe("INSUFFICIENT_BALANCE");
    expect(await tableItemCount(local)).toBe(before);

    const paid = await placeOrder(local, account, { paymentMethod: "prepaid", lines: [line("domain")] });
    expect(paid.status).toBe(201);
    expect(paid.body.invoice).toMatchObject({ status: "paid", amount: 1_500, paidWith: "prepaid" });
    const prepaid = await call<{
      balance: number;
      ledger: { kind: string; amount: number; reference: string }[];
    }>(local.api, "GET", `/v1/organizations/${account.orgId}/prepaid-account`, { token: account.token });
    expect(prepaid.body.balance).toBe(500);
    expect(prepaid.body.ledger.map((entry) => [entry.kind, entry.amount])).toEqual([
      ["top_up", 2_000],
      ["invoice_payment", -1_500],
    ]);
    expect(prepaid.body.ledger[1]?.reference).toBe(paid.body.invoice.invoiceId);
  });

  it("R-$4 charges a card order through the payment port: paid when the port succeeds, open when it fails", async () => {
    const account = await signUp(local.api);
    const { recordingPayments } = await import("#shared/ports/payments");
    const paid = await placeOrder(local, account, { paymentMethod: "card", lines: [line("drive")] });
    expect(paid.status).toBe(201);
    expect(paid.body.invoice).toMatchObject({ status: "paid", amount: 6_000, paidWith: "card" });
    expect(paid.body.payment).toMatchObject({ status: "paid" });

    await recordingPayments.planFaults(account.orgId, { charge: 1 });
    const failed = await placeOrder(local, account, { paymentMethod: "card", lines: [line("domain")] });
    expect(failed.status).toBe(201);
    expect(failed.body.invoice).toMatchObject({ status: "open", amount: 1_500 });
    expect(failed.body.payment).toMatchObject({ status: "failed" });
    const calls = await recordingPayments.calls(account.orgId);
    expect(calls.map((entry) => [entry.operation, entry.amount, entry.outcome])).toEqual([
      ["charge", 6_000, "executed"],
      ["charge", 1_500, "failed"],
    ]);
  });

  it("R-P1 leaves an invoice order's invoice open", async () => {
    const account = await signUp(local.api, { organization: germanCompany });
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("streaming")],
    });
    expect(response.status).toBe(201);
    expect(response.body.invoice).toMatchObject({ status: "open", amount: 16_500, currency: "EUR" });
  });

  it("refuses orders while the organization is being deleted", async () => {
    const account = await signUp(local.api);
    const { Organization } = await import("#shared/entities");
    const { updateItem, write } = await import("#shared/entity/writes");
    await write(updateItem(Organization, { orgId: account.orgId }, { set: { status: "deleting" } }));
    const response = await placeOrder(local, account, { paymentMethod: "invoice", lines: [line("domain")] });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("ORGANIZATION_DELETING");
  });

  it("R-M1 lets administrators order, prepaid only with billing rights; refuses users and outsiders", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 10_000);
    const administrator = await addMember(local, owner, "administrator", false);
    const billingUser = await addMember(local, owner, "user", true);
    const outsider = await signUp(local.api);
    const cart = (paymentMethod: string) => ({ paymentMethod, lines: [line("domain")] });

    expect((await placeOrder(local, administrator, cart("invoice"))).status).toBe(201);
    const prepaidByAdministrator = await placeOrder(local, administrator, cart("prepaid"));
    expect(prepaidByAdministrator.status).toBe(403);
    expect(prepaidByAdministrator.body.code).toBe("BILLING_RIGHTS_REQUIRED");
    const byUser = await placeOrder(local, billingUser, cart("invoice"));
    expect(byUser.status).toBe(403);
    expect(byUser.body.code).toBe("ADMINISTRATOR_REQUIRED");
    const byOutsider = await placeOrder(local, { ...outsider, orgId: owner.orgId }, cart("invoice"));
    expect(byOutsider.status).toBe(404);
  });
});

describe("retries of one order", () => {
  it("R-P1 finds its own order when the same operation runs again (a retry after a lost answer), ordering once", async () => {
    const account = await signUp(local.api);
    const { placeOrder: placeOrderOnce } = await import("#shared/orders/orders");
    const { newOperationId } = await import("#shared/idempotency");
    const code = await createPromoCode(local, {
      code: uniqueCode("RETRY"),
      percentOff: 10,
      maxRedemptions: 1,
    });
    const input = {
      orgId: account.orgId,
      userId: account.userId,
      orderId: newOperationId(),
      body: {
        paymentMethod: "card" as const,
        lines: [{ productKind: "domain" as const, name: "retry.ch", promoCode: code }],
      },
      origin: {},
    };
    const first = await placeOrderOnce(input);
    // The code is used up by the first run; the second run answers the first order all the same.
    const second = await placeOrderOnce(input);
    expect(second.order).toEqual(first.order);
    expect(second.invoice).toMatchObject({ invoiceId: first.invoice.invoiceId, status: "paid" });
    const { recordingPayments } = await import("#shared/ports/payments");
    expect((await recordingPayments.calls(account.orgId)).map((call) => call.outcome)).toEqual(["executed"]);
    const { Product, productsOf } = await import("#shared/products/entities");
    const { queryAll } = await import("#shared/entity/reads");
    expect(await queryAll(Product, productsOf(account.orgId))).toHaveLength(1);
    expect(first.invoice.status).toBe("paid");
  });
});

describe("Idempotency-Key on orders", () => {
  it("replays the first answer for the same key and body, and orders once", async () => {
    const account = await signUp(local.api);
    const body = { paymentMethod: "invoice", lines: [line("domain")] };
    const headers = { "idempotency-key": "order-1" };
    const first = await placeOrder(local, account, body, headers);
    const second = await placeOrder(local, account, body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const { Product, productsOf } = await import("#shared/products/entities");
    const { queryAll } = await import("#shared/entity/reads");
    expect(await queryAll(Product, productsOf(account.orgId))).toHaveLength(1);
    const otherBody = await placeOrder(local, account, { ...body, lines: [line("drive")] }, headers);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Keys are scoped by caller: another person's same key is another request.
    const other = await signUp(local.api);
    expect((await placeOrder(local, other, body, headers)).status).toBe(201);
  });

  it("answers 409 to a duplicate while the first is still in flight, then replays it", async () => {
    const account = await signUp(local.api);
    const { recordingPayments } = await import("#shared/ports/payments");
    await recordingPayments.planFaults(account.orgId, { delayMs: 800 });
    const body = { paymentMethod: "card", lines: [line("domain")] };
    const headers = { "idempotency-key": "slow-card-order" };
    const first = placeOrder(local, account, body, headers);
    // The first request holds the key while the slow payment provider works.
    await eventually(async () => {
      const { Order } = await import("#shared/orders/entities");
      const { queryItems } = await import("#shared/entity/reads");
      // An organization's orders share its partition (no range helper in the entity descriptions).
      return (await queryItems(Order, { partition: `ORG#${account.orgId}`, beginsWith: "ORDER#" })).items[0];
    });
    const duplicate = await placeOrder(local, account, body, headers);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("IDEMPOTENCY_REQUEST_IN_FLIGHT");
    const done = await first;
    expect(done.status).toBe(201);
    await recordingPayments.clearFaults(account.orgId);
    const replay = await placeOrder(local, account, body, headers);
    expect(replay.body).toEqual(done.body);
    expect(
      (await recordingPayments.calls(account.orgId)).filter((entry) => entry.outcome === "executed"),
    ).toHaveLength(1);
  });
});

describe("operator routes", () => {
  it("R-P2 creates a promo code once, refuses a duplicate with 409 and an invalid reduction with each field", async () => {
    const code = uniqueCode("OP");
    const created = await asOperator(local, "POST", "/v1/operator/promo-codes", {
      code: code.toLowerCase(),
      amountOff: 1_000,
      currency: "EUR",
      productKinds: ["domain"],
      maxRedemptions: 3,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body.promoCode).toMatchObject({ code, amountOff: 1_000, currency: "EUR", redemptions: 0 });
    const duplicate = await asOperator(local, "POST", "/v1/operator/promo-codes", { code, percentOff: 10 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("PROMO_CODE_EXISTS");
    const invalid = await asOperator(local, "POST", "/v1/operator/promo-codes", {
      code: uniqueCode(),
      percentOff: 150,
      amountOff: 100,
      expiresAt: "2001-01-01T00:00:00Z",
    });
    expect(invalid.status).toBe(400);
    // Every bad field is listed: percent out of range, both reductions, no currency, a past expiry.
    expect(invalid.body.errors?.map((error) => error.path).sort()).toEqual([
      "body.currency",
      "body.expiresAt",
      "body.percentOff",
      "body.percentOff",
    ]);
    const past = await asOperator(local, "POST", "/v1/operator/promo-codes", {
      code: uniqueCode(),
      percentOff: 10,
      expiresAt: "2001-01-01T00:00:00Z",
    });
    expect(past.body.errors?.map((error) => error.path)).toEqual(["body.expiresAt"]);
    const { PromoCode } = await import("#shared/orders/entities");
    const { getItem } = await import("#shared/entity/reads");
    const stored = (await getItem(PromoCode, { code })) as unknown as Record<string, unknown>;
    expect(stored.validUntil).toBeTypeOf("string");
    expect(stored.expiresAt).toBeUndefined();
  });

  it("R-P3 grants a free offer to an existing organization only, and refuses without the operator key", async () => {
    const account = await signUp(local.api);
    const granted = await asOperator(
      local,
      "POST",
      `/v1/operator/organizations/${account.orgId}/free-offers`,
      {
        productKind: "drive",
      },
    );
    expect(granted.status).toBe(201);
    expect(granted.body.freeOfferId).toBeTypeOf("string");
    const unknown = await asOperator(local, "POST", "/v1/operator/organizations/no-such-org/free-offers", {
      productKind: "drive",
    });
    expect(unknown.status).toBe(404);
    const badKind = await asOperator(
      local,
      "POST",
      `/v1/operator/organizations/${account.orgId}/free-offers`,
      {
        productKind: "spaceship",
      },
    );
    expect(badKind.status).toBe(400);
    const withoutKey = await call(
      local.api,
      "POST",
      `/v1/operator/organizations/${account.orgId}/free-offers`,
      {
        body: { productKind: "drive" },
        token: account.token,
      },
    );
    expect(withoutKey.status).toBe(403);
  });
});

describe("first order at sign-up (R-O1)", () => {
  const signUpBody = (order: unknown) => ({
    firstName: "Ada",
    lastName: "Lovelace",
    loginEmail: uniqueEmail(),
    recoveryEmail: uniqueEmail("recovery"),
    password: strongPassword,
    organization: {
      type: "individual",
      postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
    },
    order,
  });

  it("R-O1 creates the account, the organization and the ordered products with a code in one request", async () => {
    const code = await createPromoCode(local, { code: uniqueCode("WELCOME"), percentOff: 50 });
    const response = await call<
      PlacedOrder & { user: { userId: string }; organization: { orgId: string }; token: string }
    >(local.api, "POST", "/v1/accounts", {
      body: signUpBody({
        paymentMethod: "card",
        lines: [line("web_hosting", { promoCode: code }), line("domain")],
      }),
    });
    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({ total: 5_950 + 1_500, currency: "CHF" });
    expect(response.body.invoice).toMatchObject({ status: "paid", amount: 7_450 });
    const invoices = await call<{ invoices: { invoiceId: string; status: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${response.body.organization.orgId}/invoices`,
      { token: response.body.token },
    );
    expect(invoices.body.invoices).toEqual([
      expect.objectContaining({ invoiceId: response.body.invoice.invoiceId, status: "paid" }),
    ]);
    const { Product, productsOf } = await import("#shared/products/entities");
    const { queryAll } = await import("#shared/entity/reads");
    expect(await queryAll(Product, productsOf(response.body.organization.orgId))).toHaveLength(2);
  });

  it("R-O1 R-P4 refuses a first order with a free offer or prepaid payment before creating any account", async () => {
    const withOffer = signUpBody({ paymentMethod: "invoice", lines: [line("drive", { freeOfferId: "x" })] });
    const refused = await call<Problem>(local.api, "POST", "/v1/accounts", { body: withOffer });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "FREE_OFFER_NOT_APPLICABLE", line: 0 });
    const prepaid = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: signUpBody({ paymentMethod: "prepaid", lines: [line("domain")] }),
    });
    expect(prepaid.status).toBe(409);
    expect(prepaid.body.code).toBe("INSUFFICIENT_BALANCE");
    const invalid = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: signUpBody({ paymentMethod: "cash", lines: [] }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((error) => error.path).sort()).toEqual([
      "body.order.lines",
      "body.order.paymentMethod",
    ]);
    const { LoginEmail } = await import("#shared/entities");
    const { getItem } = await import("#shared/entity/reads");
    expect(await getItem(LoginEmail, { email: withOffer.loginEmail })).toBeUndefined();
  });
});
