import { catalogue as english } from "#shared/i18n/catalogues/errors/en";

/**
 * Error texts by key (R-L3): a throw site names a message of the catalogues
 * (shared/i18n/catalogues/errors/<language>.ts) and its values; the HTTP error middleware writes
 * it in the language the request prefers. The English catalogue types the keys and their values.
 */
type EnglishCatalogue = typeof english;

/** Every problem `code` of the API: each has a title in every catalogue. */
export type ErrorCode = keyof EnglishCatalogue["titles"];
export type MessageKey = keyof EnglishCatalogue["messages"];

/** The names between braces of a text: `"At most {max} KiB."` gives `"max"`. */
type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
export type PlaceholdersOf<Key extends MessageKey> = Placeholders<EnglishCatalogue["messages"][Key]>;

/** A value put in a text: a list is written `a, b, c`, a message in the same language as the text. */
export type MessageValue = string | number | Message | readonly (string | Message)[];

type ValuesArgument<Key extends MessageKey> = [PlaceholdersOf<Key>] extends [never]
  ? []
  : [values: Record<PlaceholdersOf<Key>, MessageValue>];

/** A text of the catalogues and its values, written in a language only when answered. */
export class Message {
  constructor(
    readonly key: MessageKey,
    readonly values: Readonly<Record<string, MessageValue>> = {},
  ) {}
}

/** A message with its values: a missing or unknown value, or an unknown key, fails the typecheck. */
export const message = <Key extends MessageKey>(key: Key, ...[values]: ValuesArgument<Key>): Message =>
  new Message(key, values);

/** The keys whose text takes no value: a throw site may give them alone. */
export type PlainMessageKey = {
  [Key in MessageKey]: [PlaceholdersOf<Key>] extends [never] ? Key : never;
}[MessageKey];

/** What a throw site gives as a problem's detail or a field's message. */
export type Detail = PlainMessageKey | Message;

export const toMessage = (detail: Detail): Message =>
  typeof detail === "string" ? new Message(detail) : detail;

/** One language's error texts: a title per code, a text per message key. */
export interface ErrorCatalogue {
  titles: Record<ErrorCode, string>;
  messages: Record<MessageKey, string>;
}

export const englishErrors: ErrorCatalogue = english;

function writeValue(value: MessageValue, catalogue: ErrorCatalogue): string {
  if (value instanceof Message) return writeMessage(value, catalogue);
  if (Array.isArray(value)) return value.map((each) => writeValue(each, catalogue)).join(", ");
  return String(value);
}

/** The message in the catalogue's language, its `{name}`s replaced by the values. */
export function writeMessage(message: Message, catalogue: ErrorCatalogue): string {
  return catalogue.messages[message.key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = message.values[name];
    return value === undefined ? placeholder : writeValue(value, catalogue);
  });
}

/**
 * A custom zod check's message (the `params` of `z.refine` or `addIssue`): the per-request error
 * map writes it in the request's language, where a text given to zod would stay English.
 */
export const issueMessage = (message: Detail) => ({ errorMessage: toMessage(message) });

const schemaMessages = new WeakMap<object, Message>();

/** A schema or check whose every issue says `message` (instead of zod's own text), in the request's language. */
export function withIssueMessage<Schema extends object>(schema: Schema, message: Detail): Schema {
  schemaMessages.set(schema, toMessage(message));
  return schema;
}

/** The project's message for a zod issue (`issueMessage` or `withIssueMessage`), if it has one. */
export const messageOfIssue = (issue: {
  code?: string;
  params?: unknown;
  inst?: unknown;
}): Message | undefined => {
  const carried = (issue.params as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (issue.code === "custom" && carried instanceof Message) return carried;
  return issue.inst && typeof issue.inst === "object" ? schemaMessages.get(issue.inst) : undefined;
};
