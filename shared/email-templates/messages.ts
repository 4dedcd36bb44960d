import IntlMessageFormat from "intl-messageformat";
import type english from "#shared/i18n/catalogues/mail/en";
import { defaultLanguage, isLanguage, type Language, swissLocale } from "#shared/i18n/languages";

/**
 * The mails' words in each language (R-L2): one catalogue per language,
 * shared/i18n/catalogues/mail/<language>.ts, English the reference. A language's file is loaded
 * the first time a mail in it is rendered (its own chunk in the mailer's bundle), so the
 * mailer's cold start reads English at most, whatever the number of languages; adding a language
 * adds its file (and its code in shared/i18n/languages.ts), no template changes.
 */
type English = typeof english;
export type MailSection = keyof English;
export type MailKey<Section extends MailSection> = keyof English[Section] & string;
/** A language's catalogue: every section and key of the English one, each an ICU message. */
export type MailCatalogue = { readonly [Section in MailSection]: Readonly<Record<MailKey<Section>, string>> };

/** A language's catalogue, loaded on first use. */
export async function mailCatalogue(language: Language): Promise<MailCatalogue> {
  const module = (await import(`../i18n/catalogues/mail/${language}.ts`)) as { default: MailCatalogue };
  return module.default;
}

export type TextValues = Record<string, string | number>;
/** Values that are not text (a link, emphasis) and tags (`<b>…</b>`) written as parts of type T. */
export type PartValues<T> = Record<string, string | number | T | ((chunks: (string | T)[]) => T)>;

export interface MailMessages {
  language: Language;
  /** The message `key` of `section` with its values (text already written for the language). */
  text<Section extends MailSection>(section: Section, key: MailKey<Section>, values?: TextValues): string;
  /** The same, where a value or a tag is not text: the message's parts in order. */
  parts<Section extends MailSection, T extends object>(
    section: Section,
    key: MailKey<Section>,
    values: PartValues<T>,
  ): (string | T)[];
}

const ready = new Map<Language, Promise<MailMessages>>();

/** The words of mails in `language`, each message compiled once per container on its first use. */
export function mailMessages(language: Language): Promise<MailMessages> {
  let messages = ready.get(language);
  if (!messages) {
    messages = mailCatalogue(language).then((catalogue) => compile(language, catalogue));
    // A failed load is not kept: the next mail asks again.
    messages.catch(() => ready.delete(language));
    ready.set(language, messages);
  }
  return messages;
}

/** The messages of a catalogue (the catalogue tests compile each language's directly). */
export function compile(language: Language, catalogue: MailCatalogue): MailMessages {
  const compiled = new Map<string, IntlMessageFormat>();
  const format = (section: MailSection, key: string) => {
    const id = `${section}.${key}`;
    let found = compiled.get(id);
    if (!found) {
      const source = (catalogue[section] as Record<string, string>)[key];
      if (source === undefined) throw new Error(`no mail message ${id} in ${language}`);
      found = new IntlMessageFormat(source, swissLocale[language]);
      compiled.set(id, found);
    }
    return found;
  };
  return {
    language,
    text: (section, key, values) => String(format(section, key).format(values)),
    parts: <T extends object>(section: MailSection, key: string, values: PartValues<T>) => {
      const written = format(section, key).format<T>(values);
      const parts = Array.isArray(written) ? written : [written];
      // Adjacent strings joined: the layout writes a paragraph's runs as they come.
      return parts.reduce<(string | T)[]>((joined, part) => {
        const last = joined.at(-1);
        if (typeof part === "string" && typeof last === "string") joined[joined.length - 1] = last + part;
        else joined.push(part as string | T);
        return joined;
      }, []);
    },
  };
}

/** An outbox message's language: its own, else English (items written before languages). */
export const mailLanguage = (language: unknown): Language =>
  isLanguage(language) ? language : defaultLanguage;
