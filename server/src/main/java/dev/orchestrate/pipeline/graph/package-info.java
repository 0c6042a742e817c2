/**
 * The graph format of {@code contract/graph-definition.md}: the typed model, templates, CEL
 * conditions and the validator. Pure code, no Spring; the engine compiles what it validates.
 */
@org.springframework.modulith.NamedInterface("graph")
package dev.orchestrate.pipeline.graph;
