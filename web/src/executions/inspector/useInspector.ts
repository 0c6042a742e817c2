import { useCallback, useState } from "react";

/**
 * Which node the inspector shows, and the control that opened it: closing gives focus back there
 * (a graph node or a step of the list), switching nodes while open keeps the first opener.
 */
export function useInspector() {
  const [open, setOpen] = useState<{ nodeId: string; opener: HTMLElement | null }>();
  const openNode = useCallback((nodeId: string) => {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen((current) => ({ nodeId, opener: current?.opener ?? active }));
  }, []);
  const close = useCallback(() => {
    setOpen((current) => {
      const opener = current?.opener;
      if (opener?.isConnected) queueMicrotask(() => opener.focus());
      return undefined;
    });
  }, []);
  return { nodeId: open?.nodeId, openNode, close };
}
