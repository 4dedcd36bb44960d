/**
 * The stuck-work lists' kinds and page bound, apart from the lists (shared/operations/stuck-work.ts):
 * the route table (functions/operator/routes.ts) declares its query with them, and every module
 * that reads the route table (the OpenAPI document's function above all) would otherwise bundle
 * the lists' entity layer and its DynamoDB client.
 */
export const stuckWorkKinds = ["deletions", "terminations", "removals", "mails"] as const;
export type StuckWorkKind = (typeof stuckWorkKinds)[number];

export const maxStuckWorkPage = 100;
