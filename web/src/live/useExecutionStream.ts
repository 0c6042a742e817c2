import { useEffect, useReducer, useRef, useState } from "react";
import { tokenRefused } from "../api/client";
import { getToken } from "../auth/session";
import type { ExecutionEvent } from "./events";
import { initialState, isEnded, reduce, type LiveState } from "./reducer";

type Action = { kind: "event"; event: ExecutionEvent } | { kind: "reset"; state: LiveState };

const live = (state: LiveState, action: Action): LiveState =>
  action.kind === "reset" ? action.state : reduce(state, action.event);

export function socketUrl(executionId: string, after: number): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const token = encodeURIComponent(getToken() ?? "");
  return `${scheme}://${location.host}/ws/execution/${executionId}?token=${token}&after=${after}`;
}

/**
 * Follows an execution's events over its WebSocket, reconnecting with `after` = the last applied
 * seq, so nothing is missed and nothing is applied twice. Stops once the run has ended.
 */
export function useExecutionStream(executionId: string) {
  const [state, dispatch] = useReducer(live, initialState);
  const [connected, setConnected] = useState(false);
  const lastSeq = useRef(0);
  const ended = useRef(false);
  lastSeq.current = state.lastSeq;
  ended.current = isEnded(state.status) && Object.keys(state.pending).length === 0;

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;
    const open = () => {
      socket = new WebSocket(socketUrl(executionId, lastSeq.current));
      socket.onopen = () => {
        attempts = 0;
        setConnected(true);
      };
      socket.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as ExecutionEvent | { type: "pong" };
        if (data.type !== "pong") dispatch({ kind: "event", event: data });
      };
      socket.onclose = (close) => {
        setConnected(false);
        if (close.code === 4401 && !closed) tokenRefused();
        // 44xx are refusals (token, membership, unknown id): asking again will not help.
        if (closed || ended.current || (close.code >= 4400 && close.code < 4500)) return;
        retry = setTimeout(open, Math.min(10_000, 500 * 2 ** attempts++));
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [executionId]);

  return { state, connected };
}
