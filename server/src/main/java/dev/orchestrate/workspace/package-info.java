/** Users, workspaces, members and their roles; who may do what in which workspace. */
package dev.orchestrate.workspace;
