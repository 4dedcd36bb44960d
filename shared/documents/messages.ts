import IntlMessageFormat from "intl-messageformat";
import type { ProductKind } from "#shared/catalog/catalog";
import type english from "#shared/i18n/catalogues/documents/en";
import { type Language, swissLocale } from "#shared/i18n/languages";

/**
 * The invoice document's words in each language (R-L2): one catalogue per language,
 * shared/i18n/catalogues/documents/<language>.ts, English the reference. A language's file is
 * loaded the first time a document in it is rendered, so a function carries the others unread
 * (adding a language adds its file; the catalogue test finds a missing one).
 */

/** The languages of the QR-bill's own texts (SIX's implementation guidelines; swissqrbill prints them). */
export type QrBillLanguage = "DE" | "FR" | "IT" | "EN";

export interface CatalogueOf<Key extends string> {
  qrBillLanguage: QrBillLanguage;
  messages: Readonly<Record<Key, string>>;
}

export type DocumentMessageKey = keyof typeof english.messages;
// The English catalogue has a catalogue's shape (it imports nothing, so it is checked here).
const englishIsACatalogue: typeof english extends CatalogueOf<DocumentMessageKey> ? true : never = true;
void englishIsACatalogue;
/** A language's catalogue: every key of the English one (the catalogue test also checks placeholders). */
export type DocumentCatalogue = CatalogueOf<DocumentMessageKey>;

// Every product kind has its name in the catalogues.
type ProductKey = `product_${ProductKind}`;
const everyProductNamed: ProductKey extends DocumentMessageKey ? true : never = true;
void everyProductNamed;

/** A language's catalogue, loaded on first use (its own module in the bundle, evaluated then). */
export async function documentCatalogue(language: Language): Promise<DocumentCatalogue> {
  const module = (await import(`../i18n/catalogues/documents/${language}.ts`)) as {
    default: DocumentCatalogue;
  };
  return module.default;
}

export interface DocumentMessages {
  language: Language;
  qrBillLanguage: QrBillLanguage;
  /** The message `key` with its placeholders filled: values are text already formatted for the language. */
  text(key: DocumentMessageKey, values?: Record<string, string>): string;
  product(kind: ProductKind): string;
}

const ready = new Map<Language, Promise<DocumentMessages>>();

/** The words of documents in `language`, compiled once per container and language. */
export function documentMessages(language: Language): Promise<DocumentMessages> {
  let messages = ready.get(language);
  if (!messages) {
    messages = documentCatalogue(language).then((catalogue) => {
      const compiled = new Map<DocumentMessageKey, IntlMessageFormat>();
      const text = (key: DocumentMessageKey, values?: Record<string, string>) => {
        let format = compiled.get(key);
        if (!format) {
          format = new IntlMessageFormat(catalogue.messages[key], swissLocale[language]);
          compiled.set(key, format);
        }
        return String(format.format(values));
      };
      return {
        language,
        qrBillLanguage: catalogue.qrBillLanguage,
        text,
        product: (kind) => text(`product_${kind}`),
      };
    });
    // A failed load is not kept: the next document asks again.
    messages.catch(() => ready.delete(language));
    ready.set(language, messages);
  }
  return messages;
}
