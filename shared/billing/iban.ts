import * as z from "zod/mini";
import { issueMessage, type Message, message, writeMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

/** IBAN length per country (ISO 13616 registry). */
// biome-ignore format: a table reads better packed
const ibanLengths: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** Spaces removed, upper case: the form an IBAN is stored and compared in. */
export const normaliseIban = (iban: string) => iban.replace(/\s+/g, "").toUpperCase();

/** ISO 7064 mod 97-10 of the rearranged IBAN, digit by digit: no big numbers, no floating point. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= "A" ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** Why an IBAN is not valid, or undefined when it is: country code, length, then checksum. */
export function ibanProblemMessage(input: string): Message | undefined {
  const iban = normaliseIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return message(texts.ibanMalformed);
  const country = iban.slice(0, 2);
  const expected = ibanLengths[country];
  if (expected === undefined) return message(texts.ibanCountryUnsupported, { country });
  if (iban.length !== expected) return message(texts.ibanLengthWrong, { country, length: expected });
  if (mod97(iban) !== 1) return message(texts.ibanCheckDigitsWrong);
  return undefined;
}

/** `ibanProblemMessage` in English, for configuration checks. */
export function ibanProblem(input: string): string | undefined {
  const problem = ibanProblemMessage(input);
  return problem && writeMessage(problem, "en");
}

export const ibanSchema = z.pipe(z.string().check(z.maxLength(64)), z.transform(normaliseIban)).check(
  z.superRefine((iban, context) => {
    const problem = ibanProblemMessage(iban);
    if (problem) context.addIssue({ code: "custom", params: issueMessage(problem) });
  }),
);

/** What a receipt or a listing shows of an IBAN: the country and the last four characters. */
export const maskIban = (iban: string) => `${iban.slice(0, 2)}** **** ${iban.slice(-4)}`;
