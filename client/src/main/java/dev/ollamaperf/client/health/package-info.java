/**
 * Using a real server safely: liveness, readiness and loaded-model checks, the fail-fast startup check
 * {@link dev.ollamaperf.client.health.HealthCheck#requireReady}, and the {@link
 * dev.ollamaperf.client.health.Preflight} that checks a target before a run and puts its loaded models
 * back afterwards.
 */
package dev.ollamaperf.client.health;
