/**
 * The HTTP edge: security filter chain, problem+json for every error, request ids, body limits and
 * the OpenAPI description. Nothing depends on this module.
 */
package dev.orchestrate.web;
