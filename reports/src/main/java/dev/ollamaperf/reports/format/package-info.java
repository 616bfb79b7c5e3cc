/**
 * The files the harness itself writes into a run folder, as Java records with their reader and writer:
 * {@code load/metrics.json} ({@link dev.ollamaperf.reports.format.LoadMetrics}), {@code load/server.json}
 * ({@link dev.ollamaperf.reports.format.ServerInfo}) and {@code environment.json}
 * ({@link dev.ollamaperf.reports.format.EnvironmentInfo}), all through {@link dev.ollamaperf.reports.format.FormatFiles}.
 *
 * <p>This package is the contract with the producers (load tests, the {@code perf} script): it depends
 * on nothing but Jackson and HdrHistogram, so a producer can use it without the rest of the reports
 * module. Field names in the files are snake_case; times are ISO-8601 UTC strings; every file carries
 * {@code "version": 1}, and a reader refuses a version it does not know. Unknown fields are errors, so
 * a typo never passes silently. The formats are described in {@code reports/README.md}.
 */
package dev.ollamaperf.reports.format;
