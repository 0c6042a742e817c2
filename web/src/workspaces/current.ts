// The workspace the user works in: kept per tab, like the token.
import { useSyncExternalStore } from "react";

const KEY = "orchestrate.workspace";
let current: string | null = sessionStorage.getItem(KEY);
const listeners = new Set<() => void>();

export function setWorkspaceId(id: string): void {
  current = id;
  sessionStorage.setItem(KEY, id);
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export const useStoredWorkspaceId = () => useSyncExternalStore(subscribe, () => current);
