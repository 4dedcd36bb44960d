/**
 * The billing records' statuses and kinds, apart from their entities (shared/billing/entities.ts):
 * the answers' schemas (functions/billing/responses.ts, functions/operator/responses.ts) enumerate
 * them, and every module that reads the route table (the OpenAPI document's function above all)
 * would otherwise bundle the entity layer and its DynamoDB client.
 */
export const invoiceStatuses = ["open", "paid", "void"] as const;
export const ledgerKinds = ["top_up", "invoice_payment", "withdrawal"] as const;
export const withdrawalStatuses = ["requested", "paid_out"] as const;
