import { useEffect, useReducer, useRef, useState } from "react";
import { tokenRefused } from "../api/client";
import type { ExecutionEvent } from "./events";
import { followSocket, liveUrl } from "./followSocket";
import { initialState, isEnded, reduce, type LiveState } from "./reducer";

type Action = { kind: "event"; event: ExecutionEvent } | { kind: "reset"; state: LiveState };

const live = (state: LiveState, action: Action): LiveState =>
  action.kind === "reset" ? action.state : reduce(state, action.event);

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

  useEffect(
    () =>
      followSocket<ExecutionEvent>({
        url: () => liveUrl(`/ws/execution/${executionId}`, { after: lastSeq.current }),
        onOpen: () => setConnected(true),
        onMessage: (event) => dispatch({ kind: "event", event }),
        onClose: (close) => {
          setConnected(false);
          if (close.code === 4401) tokenRefused();
        },
        done: () => ended.current,
      }),
    [executionId],
  );

  return { state, connected };
}
