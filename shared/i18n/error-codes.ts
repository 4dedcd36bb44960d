import type * as en from "#shared/i18n/catalogues/errors/en";

/** Every stable `code` a problem can carry: those English titles (the reference catalogue). */
export type ErrorCode = keyof typeof en.titles;
