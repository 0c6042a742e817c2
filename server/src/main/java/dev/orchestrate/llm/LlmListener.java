package dev.orchestrate.llm;

/** Receives a call's events on the calling thread. */
@FunctionalInterface
public interface LlmListener {

  LlmListener IGNORE = event -> {};

  void onEvent(LlmEvent event);
}
