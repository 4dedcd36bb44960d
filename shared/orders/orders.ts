import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { assertOrganizationActive } from "#shared/authorization";
import { Invoice, type InvoiceAddress } from "#shared/billing/entities";
import { chargeInvoiceByCard, type InvoiceRecord, invoiceView, readInvoice } from "#shared/billing/invoices";
import { lineDescription } from "#shared/billing/line-description";
import { assertBalanceCovers, debitActions, insufficientBalance } from "#shared/billing/prepaid";
import { catalogEntry } from "#shared/catalog/catalog";
import type { Currency } from "#shared/currency";
import { Organization } from "#shared/entities";
import { getItem, getItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { checkItem, createItem, updateItem, type WriteAction } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { newOperationId } from "#shared/idempotency";
import { FreeOffer, Order, PromoCode, PromoRedemption } from "#shared/orders/entities";
import { type PricedCart, priceCart } from "#shared/orders/pricing";
import {
  type AppliedReduction,
  applyReductions,
  type FreeOfferRecord,
  type PromoCodeRecord,
  type Refusal,
} from "#shared/orders/reductions";
import type { OrderBody } from "#shared/orders/schemas";
import { BillingAddress } from "#shared/organizations/entities";
import { Backup, Product } from "#shared/products/entities";
import { newId } from "#shared/tokens";

export type OrderRecord = Order;

/** R-P4: the first refusal is the problem's code and line; `refusals` lists every one. */
export const refusalError = (refusals: readonly Refusal[]) => {
  const [first] = refusals as [Refusal, ...Refusal[]];
  return errors.of(
    422,
    first.code,
    message(texts.orderLineRefused, { line: first.line, refusal: first.detail }),
    {
      extensions: { line: first.line, reason: first.reason, refusals },
    },
  );
};

async function loadPromoCodes(codes: string[]): Promise<Map<string, PromoCodeRecord>> {
  if (!codes.length) return new Map();
  // The batch read asks again for any keys left unread under load.
  const found = await getItems(
    PromoCode,
    codes.map((code) => ({ code })),
    { consistent: true },
  );
  return new Map(found.map((code) => [code.code, code]));
}

async function loadFreeOffers(
  orgId: string | undefined,
  ids: string[],
): Promise<Map<string, FreeOfferRecord>> {
  if (!orgId || !ids.length) return new Map();
  const found = await getItems(
    FreeOffer,
    ids.map((freeOfferId) => ({ orgId, freeOfferId })),
    { consistent: true },
  );
  return new Map(found.map((offer) => [offer.freeOfferId, offer]));
}

/** R-P5: an order names a billing address of its own organization, or none. */
export const unknownBillingAddress = (billingAddressId: string) =>
  errors.of(422, "UNKNOWN_BILLING_ADDRESS", texts.billingAddressUnknown, {
    extensions: { billingAddressId },
  });

/**
 * R-P5: the address an invoice carries, copied now: the named extra billing address of the
 * organization (an address of another organization, or one removed, is refused), else the
 * organization's postal address. The organization's name goes with it.
 */
export async function invoiceAddress(
  organization: Pick<Organization, "orgId" | "name" | "postalAddress">,
  billingAddressId: string | undefined,
): Promise<InvoiceAddress> {
  if (billingAddressId === undefined) {
    const { line1, line2, postalCode, city, country } = organization.postalAddress;
    return { name: organization.name, line1, ...(line2 ? { line2 } : {}), postalCode, city, country };
  }
  const address = await getItem(
    BillingAddress,
    { orgId: organization.orgId, addressId: billingAddressId },
    { consistent: true },
  );
  if (!address) throw unknownBillingAddress(billingAddressId);
  return {
    addressId: address.addressId,
    name: organization.name,
    ...(address.recipient ? { recipient: address.recipient } : {}),
    line1: address.line1,
    ...(address.line2 ? { line2: address.line2 } : {}),
    postalCode: address.postalCode,
    city: address.city,
    country: address.country,
    ...(address.email ? { email: address.email } : {}),
  };
}

/**
 * The cart's price and the invoice's address, read side by side; a refusal of the cart (R-P4)
 * comes first whatever finishes first, so the same request always gets the same answer.
 */
async function priceAndAddress(organization: Organization, body: OrderBody) {
  const [priced, billingAddress] = await Promise.allSettled([
    priceOrder(organization.orgId, organization.currency, body),
    invoiceAddress(organization, body.billingAddressId),
  ]);
  if (priced.status === "rejected") throw priced.reason;
  if (billingAddress.status === "rejected") throw billingAddress.reason;
  return { priced: priced.value, billingAddress: billingAddress.value };
}

export interface PricedOrder {
  body: OrderBody;
  cart: PricedCart;
  applied: AppliedReduction[];
}

/**
 * Prices a cart for an organization (undefined: one not created yet, at sign-up), with its
 * codes and offers, or throws the R-P4 refusal. Reads only. The payment method was
 * validated with the body, before this runs (R-P1).
 */
export async function priceOrder(
  orgId: string | undefined,
  currency: Currency,
  body: OrderBody,
): Promise<PricedOrder> {
  const unique = (values: (string | undefined)[]) => [
    ...new Set(values.filter((value) => value !== undefined)),
  ];
  const [promoCodes, freeOffers] = await Promise.all([
    loadPromoCodes(unique(body.lines.map((line) => line.promoCode))),
    loadFreeOffers(orgId, unique(body.lines.map((line) => line.freeOfferId))),
  ]);
  const { applied, refusals } = applyReductions({
    lines: body.lines,
    currency,
    promoCodes,
    freeOffers,
    now: new Date(),
  });
  if (refusals.length) throw refusalError(refusals);
  const cart = priceCart(
    currency,
    body.lines.map((line, index) => ({
      price: catalogEntry(line.productKind).prices[currency],
      reduction: applied[index]?.reduction,
    })),
  );
  return { body, cart, applied };
}

const lineViews = (priced: PricedOrder) =>
  priced.body.lines.map((line, index) => {
    const price = priced.cart.lines[index] as PricedCart["lines"][number];
    return {
      productKind: line.productKind,
      name: line.name,
      price: price.price,
      reduction: price.reduction,
      total: price.total,
      ...(line.promoCode ? { promoCode: line.promoCode } : {}),
      ...(line.freeOfferId ? { freeOfferId: line.freeOfferId } : {}),
    };
  });

/** The quote: what the order would create and charge, writing nothing. */
export async function quoteOrder(orgId: string, body: OrderBody) {
  const organization = await assertOrganizationActive(orgId);
  const { priced, billingAddress } = await priceAndAddress(organization, body);
  return {
    paymentMethod: body.paymentMethod,
    currency: priced.cart.currency,
    lines: lineViews(priced),
    total: priced.cart.total,
    billingAddress,
  };
}

export const orderView = (order: OrderRecord) => ({
  orderId: order.orderId,
  paymentMethod: order.paymentMethod,
  ...(order.billingAddressId ? { billingAddressId: order.billingAddressId } : {}),
  currency: order.currency,
  lines: order.lines,
  total: order.total,
  invoiceId: order.invoiceId,
  placedBy: order.placedBy,
  createdAt: order.createdAt,
});

class OrderAlreadyPlaced extends Error {}

const organizationNotActive = () => errors.of(409, "ORGANIZATION_DELETING", texts.organizationDeleting);

const codeRedeemedMeanwhile = (line: number, code: string) =>
  refusalError([
    {
      line,
      code: "PROMO_CODE_INVALID",
      reason: "exhausted",
      detail: message(texts.promoCodeExhaustedMeanwhile, { code }),
    },
  ]);

const offerUsedMeanwhile = (line: number) =>
  refusalError([
    {
      line,
      code: "FREE_OFFER_NOT_APPLICABLE",
      reason: "used",
      detail: message(texts.freeOfferUsed),
    },
  ]);

/**
 * Places an order (R-P1..R-P3): in ONE transaction, the order, its products (active, with a
 * first backup where the kind has backups), the invoice, each code's redemption (counter
 * conditioned on the limit and the expiry), each offer's use (conditioned on unused), the
 * organization's product count (conditioned on it being active) and, for `prepaid`, the debit
 * with its ledger entry (conditioned on the balance). Any failed condition cancels it all.
 *
 * `orderId` comes from the request's operation id: a retry of the same request finds its
 * order and answers it instead of ordering twice. A `card` invoice is then charged through
 * the payment port; a card failure leaves the order placed and its invoice open.
 */
export async function placeOrder(input: {
  orgId: string;
  userId: string;
  orderId: string;
  body: OrderBody;
  origin: RequestOrigin;
}) {
  const { orgId, orderId, body } = input;
  // A retry of an operation that already ordered answers that order (its codes may be used up since).
  const earlier = await getItem(Order, { orgId, orderId }, { consistent: true });
  if (earlier) return settle({ order: earlier, invoice: await readInvoice(orgId, earlier.invoiceId) });
  const organization = await assertOrganizationActive(orgId);
  const { priced, billingAddress } = await priceAndAddress(organization, body);
  const { cart } = priced;
  const payFromBalance = body.paymentMethod === "prepaid" && cart.total > 0;
  if (payFromBalance) await assertBalanceCovers(orgId, cart.total, cart.currency);

  const now = new Date();
  const createdAt = now.toISOString();
  const invoiceId = newOperationId();
  const ledgerEntryId = newOperationId();
  const lines = lineViews(priced).map((line) => ({ ...line, productId: newId() }));
  const order: OrderRecord = {
    orgId,
    orderId,
    placedBy: input.userId,
    paymentMethod: body.paymentMethod,
    ...(body.billingAddressId ? { billingAddressId: body.billingAddressId } : {}),
    currency: cart.currency,
    lines,
    total: cart.total,
    invoiceId,
    createdAt,
  };
  // Nothing to pay is paid; prepaid is paid in the same transaction; card after the charge.
  const paidNow = cart.total === 0 || payFromBalance;
  const invoice: InvoiceRecord = {
    orgId,
    invoiceId,
    orderId,
    status: paidNow ? "paid" : "open",
    amount: cart.total,
    currency: cart.currency,
    paymentMethod: body.paymentMethod,
    lines: lines.map((line) => ({
      description: lineDescription({ ...line, freeOffer: Boolean(line.freeOfferId) }),
      price: line.price,
      reduction: line.reduction,
      total: line.total,
    })),
    issuedAt: createdAt,
    billingAddress,
    ...(paidNow ? { paidAt: createdAt } : {}),
    ...(payFromBalance ? { paidWith: "prepaid" as const, paymentReference: ledgerEntryId } : {}),
  };

  const actions: WriteAction[] = [
    createItem(Order, order, { fails: () => new OrderAlreadyPlaced() }),
    updateItem(
      Organization,
      { orgId },
      { add: { productCount: lines.length } },
      { condition: { status: "active" }, fails: organizationNotActive },
    ),
    createItem(Invoice, invoice),
  ];
  // The named address still exists when the invoice is issued with its copy (removed meanwhile: refused).
  if (body.billingAddressId) {
    actions.push(
      checkItem(
        BillingAddress,
        { orgId, addressId: body.billingAddressId },
        { addressId: { exists: true } },
        { fails: () => unknownBillingAddress(body.billingAddressId as string) },
      ),
    );
  }
  for (const line of lines) {
    const entry = catalogEntry(line.productKind);
    actions.push(
      createItem(Product, {
        orgId,
        productId: line.productId,
        kind: line.productKind,
        category: entry.category,
        name: line.name,
        status: "active",
        orderId,
        createdAt,
        updatedAt: createdAt,
      }),
    );
    if (entry.hasBackups) {
      actions.push(
        createItem(Backup, {
          orgId,
          productId: line.productId,
          backupId: newId(),
          createdAt,
          sizeBytes: 0,
          status: "available",
        }),
      );
    }
  }
  priced.applied.forEach((applied, index) => {
    const line = lines[index] as (typeof lines)[number];
    const promo = applied.promoCode;
    if (promo) {
      actions.push(
        updateItem(
          PromoCode,
          { code: promo.code },
          { add: { redemptions: 1 } },
          {
            // The limit and the expiry are checked again by the write: concurrent orders cannot over-redeem.
            condition: {
              ...(promo.maxRedemptions !== undefined ? { redemptions: { lt: promo.maxRedemptions } } : {}),
              ...(promo.validUntil !== undefined ? { validUntil: { gt: createdAt } } : {}),
            },
            fails: () => codeRedeemedMeanwhile(index, promo.code),
          },
        ),
        createItem(PromoRedemption, {
          code: promo.code,
          orderId,
          orgId,
          line: index,
          reduction: line.reduction,
          currency: cart.currency,
          redeemedAt: createdAt,
        }),
      );
    }
    const offer = applied.freeOffer;
    if (offer) {
      actions.push(
        updateItem(
          FreeOffer,
          { orgId, freeOfferId: offer.freeOfferId },
          { set: { usedAt: createdAt, orderId } },
          { condition: { usedAt: { exists: false } }, fails: () => offerUsedMeanwhile(index) },
        ),
      );
    }
  });
  if (payFromBalance) {
    actions.push(
      ...debitActions({
        orgId,
        entryId: ledgerEntryId,
        amount: cart.total,
        currency: cart.currency,
        kind: "invoice_payment",
        reference: invoiceId,
        actorUserId: input.userId,
      }),
    );
  }
  actions.push(
    auditAction(orgScope(orgId), "order.placed", input.userId, input.origin, {
      orderId,
      invoiceId,
      total: cart.total,
      currency: cart.currency,
      paymentMethod: body.paymentMethod,
      productIds: lines.map((line) => line.productId),
    }),
  );

  let placed = { order, invoice };
  try {
    await transact(actions);
  } catch (error) {
    if (!(error instanceof OrderAlreadyPlaced)) throw error;
    placed = await readPlacedOrder(orgId, orderId);
  }
  return settle(placed);
}

/** Charges a card order's open invoice (once per invoice, whatever the retries). */
async function settle(placed: { order: OrderRecord; invoice: InvoiceRecord }) {
  if (placed.invoice.paymentMethod === "card" && placed.invoice.status === "open") {
    const charged = await chargeInvoiceByCard(placed.invoice);
    return { order: placed.order, invoice: charged.invoice, payment: charged.payment };
  }
  return { ...placed, payment: undefined };
}

/** An order placed by an earlier attempt of the same request, with its invoice. */
async function readPlacedOrder(orgId: string, orderId: string) {
  const order = await getItem(Order, { orgId, orderId }, { consistent: true });
  if (!order) throw errors.conflict(texts.concurrentChangeWon);
  return { order, invoice: await readInvoice(orgId, order.invoiceId) };
}

export const placedOrderView = (placed: Awaited<ReturnType<typeof placeOrder>>) => ({
  order: orderView(placed.order),
  invoice: invoiceView(placed.invoice),
  ...(placed.payment ? { payment: placed.payment } : {}),
});

/**
 * The first order at sign-up (R-O1), checked before the account exists so that a refused
 * order creates nothing: codes priced in the currency the postal address will give, no free
 * offer (a new organization has none), no extra billing address (it has none either: the
 * invoice goes to the postal address), and no prepaid payment (its balance is empty).
 */
export async function checkFirstOrder(body: OrderBody, currency: Currency) {
  if (body.billingAddressId !== undefined) throw unknownBillingAddress(body.billingAddressId);
  const priced = await priceOrder(undefined, currency, body);
  if (body.paymentMethod === "prepaid" && priced.cart.total > 0) {
    throw insufficientBalance(texts.firstOrderWithoutBalance);
  }
  return priced;
}
