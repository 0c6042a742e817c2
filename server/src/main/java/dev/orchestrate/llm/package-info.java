/**
 * Calling language models: one {@link dev.orchestrate.llm.LlmClient} over the official Anthropic
 * and OpenAI SDKs and a simulated provider, with streaming, retries, timeouts and cancellation.
 */
package dev.orchestrate.llm;
