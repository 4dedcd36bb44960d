/** How an order is paid (API.md OrderBody): the prepaid balance, a card, or an invoice. */
export const paymentMethods = ["prepaid", "card", "invoice"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
