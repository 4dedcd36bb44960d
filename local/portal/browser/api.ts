import { createAccountWorkflowsClient } from "@hosting-account-workflows/client";

/** The API the pages call (its origin, written into the page by local/portal/server.ts). */
export const apiUrl = document.querySelector<HTMLMetaElement>('meta[name="api-url"]')?.content ?? "";

interface StoredSession {
  token: string;
  loginEmail: string;
}
const sessionKey = "portal.session";
/** The session of this tab: sessionStorage, gone with the tab. */
export const session = {
  read(): StoredSession | undefined {
    try {
      const value = JSON.parse(sessionStorage.getItem(sessionKey) ?? "null") as StoredSession | null;
      return value?.token ? value : undefined;
    } catch {
      return undefined;
    }
  },
  write(value: StoredSession | undefined) {
    if (value) sessionStorage.setItem(sessionKey, JSON.stringify(value));
    else sessionStorage.removeItem(sessionKey);
  },
};

export const api = createAccountWorkflowsClient({ baseUrl: apiUrl, token: () => session.read()?.token });
