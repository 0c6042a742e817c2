package dev.orchestrate.pipeline.graph;

/** A template reference found in a node, with the path of the string that holds it. */
record TemplateUse(String nodeId, String path, TemplateRef ref) {}
