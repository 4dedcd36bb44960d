import type * as z from "zod/mini";
import {
  type ErrorCatalogue,
  englishErrors,
  messageOfIssue,
  writeMessage,
} from "#shared/i18n/error-messages";
import type { Language } from "#shared/i18n/languages";

/** What a problem is written with: the request's language, its error texts and zod's messages in it. */
export interface ErrorLanguage {
  language: Language;
  catalogue: ErrorCatalogue;
  /** The per-parse error map (zod's locale, and the catalogue for the project's own checks). */
  zodErrors: z.core.$ZodErrorMap;
}

type ZodLocale = () => { localeError: z.core.$ZodErrorMap };

/**
 * Each language's catalogue and zod locale, loaded on its first use by a warm function: a bundle
 * holds the four, but evaluates only the ones its requests asked for. Only these four of zod's
 * locales are imported (each by its own file, never `zod/locales`, which is all of them).
 */
const loaders: Record<Language, () => Promise<{ catalogue: ErrorCatalogue; locale: ZodLocale }>> = {
  en: async () => ({ catalogue: englishErrors, locale: (await import("zod/v4/locales/en.js")).default }),
  fr: async () => ({
    catalogue: (await import("#shared/i18n/catalogues/errors/fr")).catalogue,
    locale: (await import("zod/v4/locales/fr.js")).default,
  }),
  de: async () => ({
    catalogue: (await import("#shared/i18n/catalogues/errors/de")).catalogue,
    locale: swissGerman((await import("zod/v4/locales/de.js")).default),
  }),
  it: async () => ({
    catalogue: (await import("#shared/i18n/catalogues/errors/it")).catalogue,
    locale: (await import("zod/v4/locales/it.js")).default,
  }),
};

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

const loaded = new Map<Language, Promise<ErrorLanguage>>();

/** The error texts of a language, loaded once per execution environment. */
export function errorLanguage(language: Language): Promise<ErrorLanguage> {
  let found = loaded.get(language);
  if (!found) {
    found = loaders[language]().then(({ catalogue, locale }) => {
      const { localeError } = locale();
      const zodErrors: z.core.$ZodErrorMap = (issue) => {
        const own = messageOfIssue(issue);
        return own ? writeMessage(own, catalogue) : localeError(issue);
      };
      return { language, catalogue, zodErrors };
    });
    // A failed load is tried again by the next request rather than kept.
    found.catch(() => loaded.delete(language));
    loaded.set(language, found);
  }
  return found;
}
