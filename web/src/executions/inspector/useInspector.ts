import { useCallback, useRef, useState } from "react";

/**
 * Which node the inspector shows, and the control that opened it: closing gives focus back there
 * (a graph node or a step of the list); switching nodes while open keeps the first opener.
 */
export function useInspector() {
  const [nodeId, setNodeId] = useState<string>();
  const opener = useRef<HTMLElement | null>(null);
  const openNode = useCallback((id: string) => {
    if (!opener.current && document.activeElement instanceof HTMLElement) {
      opener.current = document.activeElement;
    }
    setNodeId(id);
  }, []);
  const close = useCallback(() => {
    const back = opener.current;
    opener.current = null;
    setNodeId(undefined);
    if (back?.isConnected) back.focus();
  }, []);
  return { nodeId, openNode, close };
}
