// The access token lives in memory and in sessionStorage (survives a reload, not a closed tab).
// No cookies: the API is bearer-only, so there is no CSRF surface.

const KEY = "orchestrate.token";

let token: string | null = sessionStorage.getItem(KEY);
const listeners = new Set<() => void>();

export function getToken(): string | null {
  return token;
}

export function setToken(next: string | null): void {
  token = next;
  if (next) sessionStorage.setItem(KEY, next);
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
