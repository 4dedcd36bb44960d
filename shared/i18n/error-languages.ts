import type * as z from "zod/mini";
import { messageOfIssue, writeMessage } from "#shared/i18n/error-messages";
import type { Language } from "#shared/i18n/languages";

/** What a request's field messages are written with: its language and the per-parse zod error map. */
export interface ErrorLanguage {
  language: Language;
  /** zod's locale of the language, and the catalogues for the project's own checks. */
  zodErrors: z.core.$ZodErrorMap;
}

type ZodLocale = () => { localeError: z.core.$ZodErrorMap };

/** Swiss German writes "ss" for "ß" (zod's German says "Zu groß"). */
const swissGerman =
  (locale: ZodLocale): ZodLocale =>
  () => {
    const { localeError } = locale();
    return {
      localeError: (issue) => {
        const written = localeError(issue);
        if (typeof written === "string") return written.replaceAll("ß", "ss");
        return written && { ...written, message: written.message.replaceAll("ß", "ss") };
      },
    };
  };

/**
 * zod's locale of each language, loaded on its first use by a warm function (a validation error
 * in that language). Only these four of zod's locales are imported, each by its own file (never
 * `zod/locales`, which is all of them).
 */
const locales: Record<Language, () => Promise<ZodLocale>> = {
  en: async () => (await import("zod/v4/locales/en.js")).default,
  fr: async () => (await import("zod/v4/locales/fr.js")).default,
  de: async () => swissGerman((await import("zod/v4/locales/de.js")).default),
  it: async () => (await import("zod/v4/locales/it.js")).default,
};

const loaded = new Map<Language, Promise<ErrorLanguage>>();

/** The per-parse error map of a language, made once per execution environment. */
export function errorLanguage(language: Language): Promise<ErrorLanguage> {
  let found = loaded.get(language);
  if (!found) {
    found = locales[language]().then((locale) => {
      const { localeError } = locale();
      const zodErrors: z.core.$ZodErrorMap = (issue) => {
        const own = messageOfIssue(issue);
        return own ? writeMessage(own, language) : localeError(issue);
      };
      return { language, zodErrors };
    });
    // A failed load is tried again by the next request rather than kept.
    found.catch(() => loaded.delete(language));
    loaded.set(language, found);
  }
  return found;
}
