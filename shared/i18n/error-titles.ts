import * as de from "#shared/i18n/catalogues/errors/de";
import * as en from "#shared/i18n/catalogues/errors/en";
import * as fr from "#shared/i18n/catalogues/errors/fr";
import * as it from "#shared/i18n/catalogues/errors/it";
import type { ErrorCode } from "#shared/i18n/error-messages";
import type { Language } from "#shared/i18n/languages";

/**
 * The title of each problem code in each language (R-L3): the code of a problem is known only when
 * it is answered, so the functions that answer HTTP carry every title (a few KiB); the others
 * carry only the English ones, for `Error.message` (shared/errors.ts).
 */
const titles: Record<Language, Record<ErrorCode, string>> = {
  en: en.titles,
  fr: fr.titles,
  de: de.titles,
  it: it.titles,
};

export const titleOf = (code: ErrorCode, language: Language): string => titles[language][code];
