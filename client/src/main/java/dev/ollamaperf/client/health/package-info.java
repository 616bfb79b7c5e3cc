/**
 * Liveness, readiness and loaded-model checks, and the fail-fast startup check {@link
 * dev.ollamaperf.client.health.HealthCheck#requireReady}.
 */
package dev.ollamaperf.client.health;
