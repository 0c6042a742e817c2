import { useSyncExternalStore } from "react";
import { getToken, subscribe } from "./session";

export const useToken = () => useSyncExternalStore(subscribe, getToken);
