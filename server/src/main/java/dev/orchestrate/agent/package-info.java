/** Agent definitions: which model an agent calls, with what system prompt and parameters. */
package dev.orchestrate.agent;
