import { z } from "zod";

/** Login identifiers are compared case-insensitively and stored normalised (R-A5). */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "Not a valid email address." }));
