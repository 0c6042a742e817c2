/**
 * The demo content of the original specification, seeded into every new workspace: five agents and
 * four pipelines that run end to end on a fresh install.
 */
package dev.orchestrate.demo;
