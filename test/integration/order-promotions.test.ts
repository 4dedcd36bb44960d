/** Promo codes and free offers on orders: each refusal with its line (R-P4), free offers and billing addresses (R-P5). */
import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import {
  addMember,
  createPromoCode,
  grantFreeOffer,
  line,
  type Problem,
  placeOrder,
  tableItemCount,
  uniqueCode,
} from "#test/support/billing";
import { call, useLocalRuntime } from "#test/support/runtime";

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
    const { updateItem, write } = await import("#shared/entity/writes");
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
    const { getItem } = await import("#shared/entity/reads");
    const { putItem, write } = await import("#shared/entity/writes");
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
    const { getItem } = await import("#shared/entity/reads");
    expect(await getItem(LoginEmail, { email: loginEmail })).toBeUndefined();
  });
});
