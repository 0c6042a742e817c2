package dev.orchestrate.cli.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streamed agent text cut into whole lines per agent, so that two agents writing at once (the
 * optimist and the critic of one node) come out as lines of their own instead of interleaved
 * fragments.
 */
public final class Transcript {

  /** A whole line one agent wrote. */
  public record Line(String nodeId, String agent, String text) {}

  private final Map<String, StringBuilder> open = new LinkedHashMap<>();
  private String lastKey;

  /** Adds a chunk; answers the lines it completed. */
  public List<Line> append(String nodeId, String agent, String chunk) {
    String key = nodeId + "\u0000" + agent;
    StringBuilder buffer = open.computeIfAbsent(key, k -> new StringBuilder());
    buffer.append(chunk.replace("\r\n", "\n"));
    lastKey = key;
    List<Line> done = new ArrayList<>();
    int newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      done.add(new Line(nodeId, agent, buffer.substring(0, newline)));
      buffer.delete(0, newline + 1);
    }
    return done;
  }

  /** The unfinished last lines of a node's agents, which will get no more text. */
  public List<Line> flush(String nodeId) {
    List<Line> done = new ArrayList<>();
    open.entrySet()
        .removeIf(
            entry -> {
              String[] key = entry.getKey().split("\u0000", 2);
              if (!key[0].equals(nodeId)) {
                return false;
              }
              if (entry.getValue().length() > 0) {
                done.add(new Line(key[0], key[1], entry.getValue().toString()));
              }
              return true;
            });
    return done;
  }

  /** The line being written most recently, unfinished, or null. */
  public Line tail() {
    if (lastKey == null || !open.containsKey(lastKey) || open.get(lastKey).length() == 0) {
      return null;
    }
    String[] key = lastKey.split("\u0000", 2);
    return new Line(key[0], key[1], open.get(lastKey).toString());
  }
}
