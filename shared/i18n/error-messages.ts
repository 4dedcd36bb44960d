import type * as errorTexts from "#shared/i18n/error-texts";
import type { Language } from "#shared/i18n/languages";

/**
 * Error texts by name (R-L3): a throw site names a text of the catalogues
 * (shared/i18n/catalogues/errors/<language>.ts) through shared/i18n/error-texts.ts, with its
 * values; the HTTP error middleware writes it in the language the request prefers. Texts are
 * named by module exports, not by strings, so that a function's bundle carries only the texts its
 * code can throw (in every language), never the whole catalogues. The English catalogue types the
 * names and their values.
 */

export type { ErrorCode } from "#shared/i18n/error-codes";

/** One text in every language. */
export type ErrorText = { readonly name: string } & { readonly [language in Language]: string };
type AnyText = (typeof errorTexts)[keyof typeof errorTexts];

/** The names between braces of a text: `"At most {max} KiB."` gives `"max"`. */
type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
type PlaceholdersOf<Text extends AnyText> = Placeholders<Text["en"]>;

/** A value put in a text: a list is written `a, b, c`, a message in the same language as the text. */
export type MessageValue = string | number | Message | readonly (string | Message)[];

type ValuesArgument<Text extends AnyText> = [PlaceholdersOf<Text>] extends [never]
  ? []
  : [values: Record<PlaceholdersOf<Text>, MessageValue>];

/** A text and its values, written in a language only when answered. */
export class Message {
  constructor(
    readonly text: ErrorText,
    readonly values: Readonly<Record<string, MessageValue>> = {},
  ) {}
}

/** A text with its values: a missing or unknown value, or an unknown text, fails the typecheck. */
export const message = <Text extends AnyText>(text: Text, ...[values]: ValuesArgument<Text>): Message =>
  new Message(text, values);

/** The texts that take no value: a throw site may give them alone. */
export type PlainText = AnyText extends infer Text
  ? Text extends AnyText
    ? [PlaceholdersOf<Text>] extends [never]
      ? Text
      : never
    : never
  : never;

/** What a throw site gives as a problem's detail or a field's message. */
export type Detail = PlainText | Message;

export const toMessage = (detail: Detail): Message =>
  detail instanceof Message ? detail : new Message(detail);

function writeValue(value: MessageValue, language: Language): string {
  if (value instanceof Message) return writeMessage(value, language);
  if (Array.isArray(value)) return value.map((each) => writeValue(each, language)).join(", ");
  return String(value);
}

/** The message in `language`, its `{name}`s replaced by the values. */
export function writeMessage(message: Message, language: Language): string {
  return message.text[language].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = message.values[name];
    return value === undefined ? placeholder : writeValue(value, language);
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
