import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { DomainError, errors } from "#shared/errors";
import { httpHandler, problemResponse } from "#shared/http";
import * as de from "#shared/i18n/catalogues/errors/de";
import * as en from "#shared/i18n/catalogues/errors/en";
import * as fr from "#shared/i18n/catalogues/errors/fr";
import * as italian from "#shared/i18n/catalogues/errors/it";
import { errorLanguage } from "#shared/i18n/error-languages";
import { issueMessage, message, writeMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { type Language, languages, negotiateLanguage } from "#shared/i18n/languages";
import { type RouteSchema, route } from "#shared/route-types";
import { humanText } from "#shared/text";
import { httpEvent, testContext } from "#test/support/events";

/** One language's catalogue as two tables: the titles, and every other export (a text). */
interface Catalogue {
  titles: Record<string, string>;
  messages: Record<string, string>;
}
const catalogueOf = ({ titles, ...messages }: { titles: Record<string, string> }): Catalogue => ({
  titles: { ...titles },
  messages: messages as Record<string, string>,
});
const catalogues: Record<Language, Catalogue> = {
  en: catalogueOf(en),
  fr: catalogueOf(fr),
  de: catalogueOf(de),
  it: catalogueOf(italian),
};
const english = catalogues.en;

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

/**
 * Texts that are rightly the same in another language: names and codes read alike everywhere.
 * Each entry is `<language>:<titles|messages>.<name>`.
 */
const sameAsEnglish = new Set<string>([
  // None today: a text such as "Kalender" or "Conflit" that happened to equal the English one
  // would be named here, so that the check still fails a catalogue copied from English.
]);

/** Every difference between a catalogue and the English one: missing or extra names, placeholders, English left in. */
function catalogueProblems(language: Language, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  for (const part of ["titles", "messages"] as const) {
    const reference = english[part];
    const translated = catalogue[part];
    for (const [key, englishText] of Object.entries(reference)) {
      const text = translated[key];
      const name = `${language}:${part}.${key}`;
      if (typeof text !== "string" || text.trim() === "") {
        problems.push(`${name} is missing`);
        continue;
      }
      if (placeholdersOf(text).join() !== placeholdersOf(englishText).join())
        problems.push(
          `${name} has placeholders ${placeholdersOf(text)}, English ${placeholdersOf(englishText)}`,
        );
      if (language !== "en" && text === englishText && !sameAsEnglish.has(name))
        problems.push(`${name} is the English text`);
    }
    for (const key of Object.keys(translated))
      if (!(key in reference)) problems.push(`${language}:${part}.${key} is not an English name`);
  }
  return problems;
}

describe("R-L3 error catalogues", () => {
  it("R-L3 every text in every language, with the English placeholders, none left in English", () => {
    for (const language of languages)
      expect(catalogueProblems(language, catalogues[language]), language).toEqual([]);
    // The allow-list holds only texts that are still equal: an entry no longer needed goes.
    for (const entry of sameAsEnglish) {
      const [language, path] = entry.split(":") as [Language, string];
      const [part, key] = path.split(".") as ["titles" | "messages", string];
      expect(catalogues[language][part][key], entry).toBe(english[part][key]);
    }
  });

  it("R-L3 shared/i18n/error-texts.ts names every text of the catalogues, as written now (scripts/generate-error-texts.ts)", () => {
    const generated = texts as unknown as Record<string, Record<string, string>>;
    expect(Object.keys(generated).sort()).toEqual(Object.keys(english.messages).sort());
    for (const [name, text] of Object.entries(generated))
      for (const language of languages)
        expect(text[language], `${name} ${language}`).toBe(catalogues[language].messages[name]);
  });

  it("R-L3 the check fails a German catalogue copied from English, a missing text and a lost placeholder", () => {
    const copied: Catalogue = structuredClone(english);
    expect(catalogueProblems("de", copied).length).toBeGreaterThan(200);
    const german: Catalogue = structuredClone(catalogues.de);
    german.messages.logoTooLarge = "Ein Logo darf höchstens 512 KiB gross sein.";
    delete german.titles.NOT_FOUND;
    expect(catalogueProblems("de", german)).toEqual([
      "de:titles.NOT_FOUND is missing",
      "de:messages.logoTooLarge has placeholders , English maxKib",
    ]);
  });

  it("R-L3 Swiss German writes ss, never ß, in the catalogue and in zod's messages", async () => {
    const written = [...Object.values(catalogues.de.titles), ...Object.values(catalogues.de.messages)];
    expect(written.filter((text) => text.includes("ß"))).toEqual([]);
    const { zodErrors } = await errorLanguage("de");
    const tooLong = z.safeParse(z.string().check(z.maxLength(3)), "abcdef", { error: zodErrors });
    expect(tooLong.error?.issues[0]?.message).toMatch(/^Zu gross/);
  });

  it("R-L3 writes values, lists and nested messages into the text of each language", () => {
    const refused = message(texts.orderLineRefused, {
      line: 2,
      refusal: message(texts.promoCodeWrongKind, {
        code: "SPRING",
        kinds: ["domain", "drive"],
        kind: "web_hosting",
      }),
    });
    expect(writeMessage(refused, "en")).toBe(
      "Line 2: The promo code SPRING applies to domain, drive, not web_hosting.",
    );
    expect(writeMessage(refused, "de")).toBe(
      "Position 2: Der Aktionscode SPRING gilt für domain, drive, nicht für web_hosting.",
    );
  });

  it("R-L3 a throw site names an existing text with all its values (checked by the typecheck)", () => {
    // Never run: `npm run typecheck` fails if any of the lines marked compiles.
    const typeChecks = () => [
      // @ts-expect-error an unknown text
      errors.notFound(texts.noSuchThing),
      // @ts-expect-error a string instead of a text of the catalogues
      errors.conflict("Someone else won."),
      // @ts-expect-error a text that takes values, given none
      errors.payloadTooLarge(texts.logoTooLarge),
      // @ts-expect-error a value missing
      message(texts.promoCodeWrongKind, { code: "X", kind: "domain" }),
      // @ts-expect-error a code the catalogues have no title for
      errors.of(409, "NO_SUCH_CODE"),
      errors.payloadTooLarge(message(texts.logoTooLarge, { maxKib: 512 })),
    ];
    expect(typeof typeChecks).toBe("function");
  });

  it("R-L3 Error.message stays English, whatever the answer's language", () => {
    const error = errors.payloadTooLarge(message(texts.logoTooLarge, { maxKib: 512 }));
    expect(error.message).toBe("A logo may have at most 512 KiB.");
    expect(new DomainError(409, "CONFLICT").message).toBe("Conflict");
  });
});

describe("R-L3 Accept-Language negotiation", () => {
  it.each([
    ["de-CH", "de"],
    ["fr-CH, fr;q=0.9, en;q=0.8", "fr"],
    ["en;q=0.5, it", "it"],
    ["es, pt;q=0.9", "en"],
    ["de;q=0, fr;q=0.1", "fr"],
    ["", "en"],
    [undefined, "en"],
  ])("R-L3 %s answers in %s", (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

const thingsRoute = <Body extends RouteSchema | undefined>(body: Body) =>
  route({
    method: "POST",
    path: "/v1/things",
    handler: "test/unit/fixture.ts",
    auth: "public",
    summary: "fixture",
    successStatus: 204,
    body,
    access: {},
  });

describe("R-L3 problem answers of the handler chain", () => {
  const post = (handler: ReturnType<typeof httpHandler>, body: unknown, acceptLanguage?: string) =>
    handler(
      httpEvent({
        method: "POST",
        path: "/v1/things",
        body: JSON.stringify(body),
        headers: {
          "content-type": "application/json",
          ...(acceptLanguage ? { "accept-language": acceptLanguage } : {}),
        },
      }),
      testContext,
    );

  it("R-L3 zod's messages in the request's language, per request, and the project's own checks from the catalogue", async () => {
    const schema = z
      .strictObject({ name: humanText(20), count: z.number() })
      .check(z.refine((body) => body.count > 0, { params: issueMessage(texts.fieldRequired) }));
    const handler = httpHandler(thingsRoute(schema), async () => ({ status: 204 }));
    const answers = new Map<
      string,
      { code: string; title: string; detail: string; errors: { path: string; message: string }[] }
    >();
    // One warm handler, the languages interleaved: each answer in its own.
    for (const language of ["de", "fr", "en", "it", "de"]) {
      const answer = await post(handler, { name: "Ada", count: "three" }, language);
      expect(answer.statusCode).toBe(400);
      expect(answer.headers?.["content-language"]).toBe(language);
      answers.set(language, JSON.parse(answer.body ?? "{}"));
    }
    expect([...answers.values()].map((answer) => answer.code)).toEqual([
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
      "VALIDATION_FAILED",
    ]);
    expect(answers.get("en")?.errors[0]).toEqual({
      path: "body.count",
      message: expect.stringMatching(/expected number/),
    });
    expect(answers.get("de")?.errors[0]?.message).toMatch(/^Ungültige Eingabe: erwartet Zahl/);
    expect(answers.get("fr")?.errors[0]?.message).toMatch(/^Entrée invalide/);
    expect(answers.get("it")?.errors[0]?.message).toMatch(/^Input non valido/);
    expect(answers.get("de")?.title).toBe("Ungültige Anfrage");
    expect(answers.get("it")?.detail).toBe("La richiesta non è valida.");

    const refined = JSON.parse((await post(handler, { name: "Ada", count: 0 }, "fr")).body ?? "{}");
    expect(refined.errors).toEqual([{ path: "body", message: "Champ obligatoire." }]);
    const controlled = await post(handler, { name: "A\u202eda", count: 1 }, "it");
    expect([controlled.statusCode, JSON.parse(controlled.body ?? "{}")]).toEqual([
      422,
      expect.objectContaining({
        code: "INVALID_TEXT",
        title: "Caratteri non ammessi",
        errors: [
          { path: "body.name", message: expect.stringMatching(/^Non sono ammessi caratteri di controllo/) },
        ],
      }),
    ]);
  });

  it("R-L3 a domain error's title, detail and messages among its extensions in the request's language; code unchanged", async () => {
    const handler = httpHandler(thingsRoute(undefined), async () => {
      throw errors.of(
        409,
        "PREREQUISITES_NOT_MET",
        message(texts.deletionPrerequisites, {
          prerequisites: [message(texts.holdsProducts), message(texts.holdsMembers)],
        }),
        {
          extensions: { refusal: { line: 1, detail: message(texts.freeOfferUsed) } },
        },
      );
    });
    const answer = await handler(
      httpEvent({ method: "POST", path: "/v1/things", headers: { "accept-language": "it-CH" } }),
      testContext,
    );
    expect(answer.headers?.["content-language"]).toBe("it");
    expect(JSON.parse(answer.body ?? "{}")).toMatchObject({
      code: "PREREQUISITES_NOT_MET",
      title: "Presupposti non soddisfatti",
      detail:
        "Prima dell’eliminazione: prodotti, altri membri. Scelga le opzioni corrispondenti perché se ne occupi l’eliminazione.",
      refusal: { line: 1, detail: "Questa offerta gratuita è già stata utilizzata." },
    });
  });

  it("R-L3 an unexpected error's 500 is written in the request's language too", async () => {
    const handler = httpHandler(thingsRoute(undefined), async () => {
      throw new Error("boom");
    });
    const answer = await handler(
      httpEvent({ method: "POST", path: "/v1/things", headers: { "accept-language": "fr" } }),
      testContext,
    );
    expect([
      answer.statusCode,
      answer.headers?.["content-language"],
      JSON.parse(answer.body ?? "{}").detail,
    ]).toEqual([500, "fr", "Un problème est survenu de notre côté."]);
  });

  it("R-L3 problemResponse without a language answers English, saying so", () => {
    const answer = problemResponse(errors.notFound(texts.productNotFound));
    expect(answer.headers?.["content-language"]).toBe("en");
    expect(JSON.parse(String(answer.body))).toMatchObject({ title: "Not found", detail: "No such product." });
  });
});
