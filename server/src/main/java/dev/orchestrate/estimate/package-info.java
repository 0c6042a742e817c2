/**
 * What a pipeline run may cost before it starts: the most every paid call can be charged, from the
 * graph, the agents and the prices, and what past runs of the same version typically cost.
 */
package dev.orchestrate.estimate;
