package dev.orchestrate.cli;

/** What the process exit code says, for scripts; the list in {@code --help} and the README. */
public final class ExitCodes {

  /** The command did what it was asked; a run or watch ended {@code completed}. */
  public static final int OK = 0;

  /** The execution ended {@code failed}. */
  public static final int FAILED = 1;

  /** The command line was wrong: an unknown option, a missing argument, input that is not JSON. */
  public static final int USAGE = 2;

  /** The execution ended {@code rejected}: a gate was rejected or timed out. */
  public static final int REJECTED = 3;

  /** The execution ended {@code cancelled}. */
  public static final int CANCELLED = 4;

  /** {@code --no-wait} stopped at a human gate that is waiting for a decision. */
  public static final int AWAITING_APPROVAL = 5;

  /** Not logged in, or the token expired or was refused: {@code orchestrate login}. */
  public static final int AUTH = 6;

  /** The server could not be reached. */
  public static final int UNREACHABLE = 7;

  /** No such pipeline, execution, workspace or waiting gate. */
  public static final int NOT_FOUND = 8;

  /** The server refused the request: invalid input, no permission, a conflict, no credits. */
  public static final int REFUSED = 9;

  /** A bug in the CLI or an answer it cannot understand. */
  public static final int INTERNAL = 70;

  private ExitCodes() {}

  /** The exit code for an execution's final status. */
  public static int ofStatus(String status) {
    return switch (status) {
      case "completed" -> OK;
      case "rejected" -> REJECTED;
      case "cancelled" -> CANCELLED;
      case "awaiting_approval" -> AWAITING_APPROVAL;
      default -> FAILED;
    };
  }
}
