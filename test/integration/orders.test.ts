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

describe("promo code and offer refusals (R-P4), each with its line", () => {
  it("R-P4 PROMO_CODE_INVALID for an unknown code", async () => {
    const account = await signUp(local.api);
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain"), line("domain", { promoCode: "NEVER-ISSUED" })],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: "PROMO_CODE_INVALID", line: 1, reason: "unknown" });
  });

  it("R-P2 R-P4 PROMO_CODE_INVALID for an expired code", async () => {
    const account = await signUp(local.api);
    const code = await createPromoCode(local, {
      code: uniqueCode("OLD"),
      percentOff: 10,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    // Set-up: the code's validity moved into the past, as time would.
    const { PromoCode } = await import("#shared/orders/entities");
    const { updateItem, write } = await import("#shared/entity");
    await write(
      updateItem(PromoCode, { code }, { set: { validUntil: new Date(Date.now() - 1_000).toISOString() } }),
    );
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain", { promoCode: code })],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: "PROMO_CODE_INVALID", line: 0, reason: "expired" });
  });

  it("R-P2 R-P4 PROMO_CODE_INVALID for a code at its redemption limit", async () => {
    const account = await signUp(local.api);
    const code = await createPromoCode(local, {
      code: uniqueCode("ONCE"),
      percentOff: 50,
      maxRedemptions: 1,
    });
    const first = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain", { promoCode: code })],
    });
    expect(first.status).toBe(201);
    const second = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain"), line("domain"), line("domain", { promoCode: code })],
    });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: "PROMO_CODE_INVALID", line: 2, reason: "exhausted" });
  });

  it("R-P2 R-P4 PROMO_CODE_NOT_APPLICABLE for a code restricted to other product kinds", async () => {
    const account = await signUp(local.api);
    const code = await createPromoCode(local, {
      code: uniqueCode("HOST"),
      percentOff: 20,
      productKinds: ["web_hosting", "cloud_server"],
    });
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain", { promoCode: code })],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: "PROMO_CODE_NOT_APPLICABLE",
      line: 0,
      reason: "wrong_product_kind",
    });
    const right = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("cloud_server", { promoCode: code })],
    });
    expect(right.status).toBe(201);
    expect(right.body.order.lines[0]).toMatchObject({ price: 24_000, reduction: 4_800, total: 19_200 });
  });

  it("R-P4 PROMO_CODE_NOT_APPLICABLE for an amount code in another currency than the organization's", async () => {
    const account = await signUp(local.api, { organization: germanCompany });
    const code = await createPromoCode(local, { code: uniqueCode("CHF"), amountOff: 500, currency: "CHF" });
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain", { promoCode: code })],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: "PROMO_CODE_NOT_APPLICABLE",
      line: 0,
      reason: "wrong_currency",
    });
  });

  it("R-P2 R-P4 refuses the same code on two lines of one cart: a code reduces one line", async () => {
    const account = await signUp(local.api);
    const code = await createPromoCode(local, { code: uniqueCode("TWICE"), percentOff: 10 });
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain", { promoCode: code }), line("domain", { promoCode: code })],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: "PROMO_CODE_NOT_APPLICABLE",
      line: 1,
      reason: "already_in_cart",
    });
  });

  it("R-P4 lists every refused line, the first one as the problem's code and line, and orders nothing", async () => {
    const account = await signUp(local.api);
    const hostingOnly = await createPromoCode(local, {
      code: uniqueCode("H"),
      percentOff: 5,
      productKinds: ["web_hosting"],
    });
    const before = await tableItemCount(local);
    const response = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [
        line("domain"),
        line("domain", { promoCode: hostingOnly }),
        line("drive", { freeOfferId: "nope" }),
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: "PROMO_CODE_NOT_APPLICABLE", line: 1 });
    expect(response.body.refusals).toEqual([
      expect.objectContaining({ line: 1, code: "PROMO_CODE_NOT_APPLICABLE" }),
      expect.objectContaining({ line: 2, code: "FREE_OFFER_NOT_APPLICABLE" }),
    ]);
    expect(await tableItemCount(local)).toBe(before);
  });

  it("R-P3 R-P4 FREE_OFFER_NOT_APPLICABLE for another organization's offer, the wrong kind, and a used offer", async () => {
    const account = await signUp(local.api);
    const other = await signUp(local.api);
    const othersOffer = await grantFreeOffer(local, other.orgId, "drive");
    const wrongOrganization = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("drive", { freeOfferId: othersOffer })],
    });
    expect(wrongOrganization.status).toBe(422);
    expect(wrongOrganization.body).toMatchObject({
      code: "FREE_OFFER_NOT_APPLICABLE",
      line: 0,
      reason: "not_granted_to_organization",
    });

    const offer = await grantFreeOffer(local, account.orgId, "drive");
    const wrongKind = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("domain"), line("mail_service", { freeOfferId: offer })],
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body).toMatchObject({
      code: "FREE_OFFER_NOT_APPLICABLE",
      line: 1,
      reason: "wrong_product_kind",
    });

    const used = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("drive", { freeOfferId: offer })],
    });
    expect(used.status).toBe(201);
    const again = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("drive", { freeOfferId: offer })],
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: "FREE_OFFER_NOT_APPLICABLE", line: 0, reason: "used" });
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
    const { getItem, queryAll } = await import("#shared/entity");
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
    const { getItem, queryAll } = await import("#shared/entity");
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
    const { updateItem, write } = await import("#shared/entity");
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
    const { queryAll } = await import("#shared/entity");
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
    const { queryAll } = await import("#shared/entity");
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
      const { queryItems } = await import("#shared/entity");
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
    const { getItem } = await import("#shared/entity");
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
    const { queryAll } = await import("#shared/entity");
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
    const { getItem } = await import("#shared/entity");
    expect(await getItem(LoginEmail, { email: withOffer.loginEmail })).toBeUndefined();
  });
});

describe("free offers and billing addresses (R-P5)", () => {
  interface FreeOfferView {
    freeOfferId: string;
    productKind: string;
    grantedAt: string;
  }
  interface InvoiceAddress {
    addressId?: string;
    name: string;
    recipient?: string;
    line1: string;
    line2?: string;
    postalCode: string;
    city: string;
    country: string;
    email?: string;
  }

  const freeOffers = (account: { orgId: string; token: string }) =>
    call<{ freeOffers: FreeOfferView[] } & Problem>(
      local.api,
      "GET",
      `/v1/organizations/${account.orgId}/free-offers`,
      { token: account.token },
    );

  const invoicesOf = async (account: { orgId: string; token: string }) =>
    (
      await call<{ invoices: { invoiceId: string; billingAddress?: InvoiceAddress }[] }>(
        local.api,
        "GET",
        `/v1/organizations/${account.orgId}/invoices`,
        { token: account.token },
      )
    ).body.invoices;

  const zurich = {
    recipient: "Accounts payable",
    line1: "Bahnhofstrasse 1",
    line2: "Postfach",
    postalCode: "8001",
    city: "Zürich",
    country: "CH",
    email: "ap@example.org",
  };

  async function addBillingAddress(account: { orgId: string; token: string }, body = zurich) {
    const added = await call<{ addressId: string }>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/billing-addresses`,
      { token: account.token, body },
    );
    if (added.status !== 201)
      throw new Error(`billing address: ${added.status} ${JSON.stringify(added.body)}`);
    return added.body.addressId;
  }

  const removeBillingAddress = (account: { orgId: string; token: string }, addressId: string) =>
    call(local.api, "DELETE", `/v1/organizations/${account.orgId}/billing-addresses/${addressId}`, {
      token: account.token,
    });

  it("R-P5 R-P3 lists the free offers granted and not yet used, each with its id, product kind and grant date; a used one leaves the list", async () => {
    const account = await signUp(local.api);
    const other = await signUp(local.api);
    expect((await freeOffers(account)).body).toEqual({ freeOffers: [] });
    const drive = await grantFreeOffer(local, account.orgId, "drive");
    const hosting = await grantFreeOffer(local, account.orgId, "web_hosting");
    await grantFreeOffer(local, other.orgId, "domain");
    const listed = await freeOffers(account);
    expect(listed.status).toBe(200);
    expect(listed.body.freeOffers).toEqual([
      { freeOfferId: drive, productKind: "drive", grantedAt: expect.any(String) },
      { freeOfferId: hosting, productKind: "web_hosting", grantedAt: expect.any(String) },
    ]);
    for (const offer of listed.body.freeOffers) {
      expect(Number.isNaN(Date.parse(offer.grantedAt))).toBe(false);
    }

    const used = await placeOrder(local, account, {
      paymentMethod: "invoice",
      lines: [line("drive", { freeOfferId: drive })],
    });
    expect(used.status).toBe(201);
    expect((await freeOffers(account)).body.freeOffers.map((offer) => offer.freeOfferId)).toEqual([hosting]);
    // Another organization's offers are its own.
    expect((await freeOffers(other)).body.freeOffers.map((offer) => offer.productKind)).toEqual(["domain"]);
  });

  it("R-P5 R-M1 shows the free offers to members with billing rights only: 403 BILLING_RIGHTS_REQUIRED otherwise, 404 outside", async () => {
    const owner = await signUp(local.api);
    await grantFreeOffer(local, owner.orgId, "drive");
    const administrator = await addMember(local, owner, "administrator", false);
    const billingUser = await addMember(local, owner, "user", true);
    const outsider = await signUp(local.api);
    const refused = await freeOffers(administrator);
    expect([refused.status, refused.body.code]).toEqual([403, "BILLING_RIGHTS_REQUIRED"]);
    const allowed = await freeOffers(billingUser);
    expect([allowed.status, allowed.body.freeOffers.length]).toEqual([200, 1]);
    const outside = await freeOffers({ orgId: owner.orgId, token: outsider.token });
    expect(outside.status).toBe(404);
  });

  it("R-P5 an order may name one of the organization's billing addresses: the quote and the invoice carry a copy of it, unchanged when the address later changes or is removed", async () => {
    const account = await signUp(local.api);
    const addressId = await addBillingAddress(account);
    const cart = { paymentMethod: "invoice", billingAddressId: addressId, lines: [line("domain")] };
    const expected: InvoiceAddress = {
      addressId,
      name: account.organizationName,
      ...zurich,
    };
    const quoted = await call<{ quote: { billingAddress: InvoiceAddress } }>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/orders/quote`,
      { token: account.token, body: cart },
    );
    expect(quoted.status).toBe(200);
    expect(quoted.body.quote.billingAddress).toEqual(expected);

    const placed = await placeOrder(local, account, cart);
    expect(placed.status).toBe(201);
    const { invoiceId } = placed.body.invoice;
    expect((placed.body.invoice as unknown as { billingAddress: InvoiceAddress }).billingAddress).toEqual(
      expected,
    );
    expect((placed.body.order as unknown as { billingAddressId: string }).billingAddressId).toBe(addressId);

    // The address changes (no route edits one yet: the item is rewritten), then goes.
    const { getItem, putItem, write } = await import("#shared/entity");
    const { BillingAddress } = await import("#shared/organizations/entities");
    const stored = await getItem(BillingAddress, { orgId: account.orgId, addressId });
    await write(putItem(BillingAddress, { ...(stored as NonNullable<typeof stored>), city: "Winterthur" }));
    expect(
      (await invoicesOf(account)).find((invoice) => invoice.invoiceId === invoiceId)?.billingAddress,
    ).toEqual(expected);
    expect((await removeBillingAddress(account, addressId)).status).toBe(204);
    expect(
      (await invoicesOf(account)).find((invoice) => invoice.invoiceId === invoiceId)?.billingAddress,
    ).toEqual(expected);
  });

  it("R-P5 R-O5 without a billing address, the invoice carries a copy of the organization's postal address as it was when issued", async () => {
    const account = await signUp(local.api);
    const placed = await placeOrder(local, account, { paymentMethod: "invoice", lines: [line("domain")] });
    expect(placed.status).toBe(201);
    const atIssue = {
      name: account.organizationName,
      line1: "Rue du Lac 1",
      postalCode: "1200",
      city: "Genève",
      country: "CH",
    };
    const billingAddress = (placed.body.invoice as unknown as { billingAddress: InvoiceAddress })
      .billingAddress;
    expect(billingAddress).toMatchObject(atIssue);
    expect(billingAddress.addressId).toBeUndefined();

    const organization = await call(local.api, "GET", `/v1/organizations/${account.orgId}`, {
      token: account.token,
    });
    const moved = await call(local.api, "PATCH", `/v1/organizations/${account.orgId}`, {
      token: account.token,
      headers: { "if-match": organization.headers.get("etag") as string },
      body: {
        postalAddress: { line1: "Unter den Linden 1", postalCode: "10117", city: "Berlin", country: "DE" },
      },
    });
    expect(moved.status).toBe(200);
    const [invoice] = await invoicesOf(account);
    expect(invoice?.billingAddress).toMatchObject(atIssue);
  });

  it("R-P5 R-P4 refuses a billing address that is not the organization's (another's, unknown, removed) with 422 UNKNOWN_BILLING_ADDRESS, ordering nothing", async () => {
    const account = await signUp(local.api);
    const other = await signUp(local.api);
    const othersAddress = await addBillingAddress(other);
    const removed = await addBillingAddress(account);
    expect((await removeBillingAddress(account, removed)).status).toBe(204);
    const before = await tableItemCount(local);
    for (const billingAddressId of [othersAddress, "no-such-address", removed]) {
      const cart = { paymentMethod: "invoice", billingAddressId, lines: [line("domain")] };
      const ordered = await placeOrder(local, account, cart);
      expect([ordered.status, ordered.body.code]).toEqual([422, "UNKNOWN_BILLING_ADDRESS"]);
      expect((ordered.body as unknown as { billingAddressId: string }).billingAddressId).toBe(
        billingAddressId,
      );
      const quoted = await quote(account, cart);
      expect([quoted.status, quoted.body.code]).toEqual([422, "UNKNOWN_BILLING_ADDRESS"]);
    }
    expect(await tableItemCount(local)).toBe(before);
    // A first order at sign-up has no billing address to name: refused before any account exists.
    const loginEmail = uniqueEmail();
    const signedUp = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "Ada",
        lastName: "Lovelace",
        loginEmail,
        recoveryEmail: uniqueEmail("recovery"),
        password: strongPassword,
        organization: {
          type: "individual",
          postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
        },
        order: { paymentMethod: "invoice", billingAddressId: othersAddress, lines: [line("domain")] },
      },
    });
    expect([signedUp.status, signedUp.body.code]).toEqual([422, "UNKNOWN_BILLING_ADDRESS"]);
    const { LoginEmail } = await import("#shared/entities");
    const { getItem } = await import("#shared/entity");
    expect(await getItem(LoginEmail, { email: loginEmail })).toBeUndefined();
  });
});
