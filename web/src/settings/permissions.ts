// What the server lets each role do in the settings area (it enforces; the UI only matches it).
import type { Role } from "../api/types";

/** Owners and admins write secrets and MCP connections and manage members. */
export const mayAdminister = (role: Role | undefined) => role === "owner" || role === "admin";

/** Members and above test connections, list their tools and call them; viewers only read. */
export const mayUseTools = (role: Role | undefined) => !!role && role !== "viewer";

/** Only an owner grants or takes away the owner role. */
export const mayManageRole = (caller: Role | undefined, role: Role) =>
  mayAdminister(caller) && (role !== "owner" || caller === "owner");

export const ROLES: Role[] = ["owner", "admin", "member", "viewer"];
