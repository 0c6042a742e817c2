package dev.orchestrate.pipeline.graph;

/** What a workspace has, as far as graph validation needs to know. */
public interface WorkspaceCatalog {

  boolean hasAgent(String slug);

  boolean hasMcpConnection(String name);
}
