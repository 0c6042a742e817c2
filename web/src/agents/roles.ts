import type { Role } from "../api/types";

/**
 * The server's rule (AgentService, InvokeController): members and up create, edit, delete and
 * invoke agents; viewers only read them.
 */
export const canWriteAgents = (role: Role | undefined) => role !== undefined && role !== "viewer";
