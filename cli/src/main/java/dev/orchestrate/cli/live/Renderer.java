package dev.orchestrate.cli.live;

import java.util.List;

/**
 * Shows one execution as its events arrive. The state has already folded the event in when {@link
 * #event} is called. Called from one thread only.
 */
public interface Renderer {

  /** Before the first event: a title line and the nodes as they are. */
  void begin(String title, RunState state);

  void event(Event event, String json, RunState state);

  /** About once a second while nothing happens, so a live clock can move. */
  void tick(RunState state);

  /** Lines that stay: a reconnect, a note. */
  void notice(List<String> lines, RunState state);

  /** What to do at the gate the run waits at; shown while it waits. */
  void gate(List<String> lines, RunState state);

  /** After the last event: the total and how it ended. */
  void end(RunState state);
}
