import { getToken, setToken } from "../auth/session";
import type { Problem } from "./types";

/** A non-2xx answer, carrying its problem+json body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** Called on any 401: the token is gone or bad, so the app goes back to sign-in. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The token was refused (an API 401 or a socket closed with 4401): forget it, go to sign-in. */
export function tokenRefused(): void {
  setToken(null);
  onUnauthorized();
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && token) tokenRefused();
  if (!response.ok) throw new ApiError(await problemOf(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** One page of a newest-first list and the cursor of the next (the X-Next-Cursor header), if any. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export async function apiPage<T>(path: string): Promise<Page<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (response.status === 401 && token) tokenRefused();
  if (!response.ok) throw new ApiError(await problemOf(response));
  return { items: (await response.json()) as T[], next: response.headers.get("X-Next-Cursor") };
}
