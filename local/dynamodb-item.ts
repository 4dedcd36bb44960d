/**
 * DynamoDB's item shapes on the wire, beneath every part of the local DynamoDB (transactions,
 * item locks and their journal, the stream), so that none of them imports another for a type.
 */

/** One attribute's value as the wire has it: `{ "S": "..." }`, `{ "N": "1" }`, `{ "M": {...} }`... */
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;
