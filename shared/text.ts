import * as z from "zod/mini";
import { issueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

/**
 * What no human-entered text may hold: C0 and C1 control characters (CR, LF, NUL... a mail
 * header injection or a log forgery), and the bidirectional controls that make text read other
 * than it is stored (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const forbidden = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Marks the issue, so the chain answers 422 INVALID_TEXT rather than a plain validation error. */
export const invalidTextParams = { kind: "invalid-text" } as const;

/**
 * The one schema of every human-entered field (names, addresses, phone numbers, messages):
 * trimmed, `min` to `max` characters, and no control or direction-override character, which is
 * refused with 422 INVALID_TEXT naming the field. Mail subjects and headers are built only from
 * values that passed it.
 */
export const humanText = (max: number, min = 1) =>
  z.string().check(
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
    z.refine((value) => !forbidden.test(value), {
      params: { ...invalidTextParams, ...issueMessage(texts.fieldControlCharacters) },
    }),
  );
