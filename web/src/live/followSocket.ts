import { getToken } from "../auth/session";

/** The URL of one of the service's live streams (`/ws/...`), with the session's token. */
export function liveUrl(path: string, query: Record<string, string | number> = {}): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const params = new URLSearchParams({ token: getToken() ?? "" });
  for (const [name, value] of Object.entries(query)) params.set(name, String(value));
  return `${scheme}://${location.host}${path}?${params.toString()}`;
}

export interface Follow<T> {
  /** The URL to (re)connect to; asked again on every attempt, so it can carry the last seq. */
  url: () => string;
  onOpen?: () => void;
  onMessage: (message: T) => void;
  onClose?: (close: CloseEvent) => void;
  /** Whether to stop reconnecting for good, e.g. once the run has ended. */
  done?: () => boolean;
}

/**
 * Follows a WebSocket and reconnects after a drop with exponential backoff (up to 10 s); a 44xx
 * close is a refusal (token, membership, unknown id) that asking again will not change, so it
 * stops there. Pings' pongs are dropped. Answers the function that stops following.
 */
export function followSocket<T extends { type: string }>(follow: Follow<T>): () => void {
  let socket: WebSocket | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let stopped = false;
  const open = () => {
    socket = new WebSocket(follow.url());
    socket.onopen = () => {
      attempts = 0;
      follow.onOpen?.();
    };
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as T | { type: "pong" };
      if (data.type !== "pong") follow.onMessage(data as T);
    };
    socket.onclose = (close) => {
      if (!stopped) follow.onClose?.(close);
      if (stopped || follow.done?.() || (close.code >= 4400 && close.code < 4500)) return;
      retry = setTimeout(open, Math.min(10_000, 500 * 2 ** attempts++));
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  };
}
