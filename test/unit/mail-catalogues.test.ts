import { readdirSync } from "node:fs";
import { join } from "node:path";
import IntlMessageFormat from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { type MailCatalogue, mailCatalogue } from "#shared/email-templates/messages";
import english from "#shared/i18n/catalogues/mail/en";
import { type Language, languages } from "#shared/i18n/languages";
import { rootDir } from "#test/support/runtime";

/**
 * R-L2 for mails, without a runtime: one catalogue per language in shared/i18n/catalogues/mail,
 * each with every key of the English one and the same placeholders, valid ICU, and translated
 * (no message left in English but the few that rightly read the same).
 */

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}
// intl-messageformat's element types: 0 literal, 7 the plural's `#`, 8 a tag.
const literal = 0;
const pound = 7;
const tag = 8;

/** The placeholders and tags of an ICU message, nested ones included (`{name}` inside a plural, `<b>`). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const visit = (elements: Element[]) => {
    for (const element of elements) {
      if (element.type === tag) names.add(`<${String(element.value)}>`);
      else if (element.type !== literal && element.type !== pound) names.add(String(element.value));
      for (const option of Object.values(element.options ?? {})) visit(option.value);
      visit(element.children ?? []);
    }
  };
  visit(new IntlMessageFormat(message, "en").getAst() as Element[]);
  return [...names].sort();
}

type Entries = [id: string, message: string][];
const entries = (catalogue: MailCatalogue): Entries =>
  Object.entries(catalogue).flatMap(([section, messages]) =>
    Object.entries(messages as Record<string, string>).map(([key, message]): [string, string] => [
      `${section}.${key}`,
      message,
    ]),
  );

/**
 * Messages that rightly read as in English, per language; nothing else may (a catalogue left in
 * English, or a message copied over, fails).
 */
const sameAsEnglish: Partial<Record<Language, readonly string[]>> = {
  // Only placeholders and punctuation; "Total" is the Swiss German word.
  de: ["layout.labelled", "paid-invoices.line", "paid-invoices.description", "paid-invoices.total"],
  // "logo", "association" and "Total" are French words; a line is only its placeholders.
  fr: ["common.fieldLogo", "common.typeAssociation", "paid-invoices.line", "paid-invoices.total"],
  // Only placeholders and punctuation; "no" and "logo" are Italian words.
  it: ["layout.labelled", "paid-invoices.line", "paid-invoices.description", "common.no", "common.fieldLogo"],
};

/** What is wrong with one language's catalogue against the English one, each problem named. */
function catalogueProblems(language: Language, catalogue: MailCatalogue): string[] {
  const problems: string[] = [];
  const reference = new Map(entries(english as MailCatalogue));
  const own = new Map(entries(catalogue));
  for (const id of own.keys()) if (!reference.has(id)) problems.push(`${language} ${id}: not an English key`);
  for (const [id, expectedMessage] of reference) {
    const message = own.get(id);
    if (typeof message !== "string" || !message.trim()) {
      problems.push(`${language} ${id}: missing`);
      continue;
    }
    let actual: string[];
    try {
      actual = placeholders(message);
    } catch (error) {
      problems.push(`${language} ${id}: not ICU (${(error as Error).message})`);
      continue;
    }
    const expected = placeholders(expectedMessage);
    if (actual.join() !== expected.join())
      problems.push(`${language} ${id}: placeholders ${actual.join()} instead of ${expected.join()}`);
    if (language !== "en" && message === expectedMessage && !sameAsEnglish[language]?.includes(id))
      problems.push(`${language} ${id}: left in English`);
  }
  return problems;
}

describe("mail catalogues", () => {
  it("R-L2 one file per language, and a language per file", () => {
    const files = readdirSync(join(rootDir, "shared/i18n/catalogues/mail"))
      .map((file) => file.replace(/\.ts$/, ""))
      .sort();
    expect(files).toEqual([...languages].sort());
  });

  it.each(languages)(
    "R-L2 %s has every message, with the English one's placeholders, translated",
    async (language) => {
      expect(catalogueProblems(language, await mailCatalogue(language))).toEqual([]);
    },
  );

  it("R-L2 the check finds a catalogue copied from English, a missing key and a changed placeholder", () => {
    const copied = structuredClone(english) as MailCatalogue;
    expect(
      catalogueProblems("de", copied).filter((problem) => problem.endsWith("left in English")).length,
    ).toBe(entries(copied).length - (sameAsEnglish.de?.length ?? 0));
    const german = structuredClone(english) as {
      welcome: Record<string, string>;
      common: Record<string, string>;
    };
    delete german.welcome.subject;
    german.common.greeting = "Guten Tag {name}";
    const problems = catalogueProblems("de", german as unknown as MailCatalogue);
    expect(problems).toContain("de welcome.subject: missing");
    expect(problems).toContain("de common.greeting: placeholders name instead of firstName");
  });

  it("R-L2 Swiss German writes ss, not ß; French and Italian use the typographic apostrophe (ICU quotes with ')", async () => {
    const german = entries(await mailCatalogue("de"));
    expect(german.filter(([, message]) => message.includes("ß"))).toEqual([]);
    for (const language of ["fr", "it"] as const) {
      const withQuote = entries(await mailCatalogue(language)).filter(([, message]) => message.includes("'"));
      expect(withQuote, language).toEqual([]);
    }
  });
});
