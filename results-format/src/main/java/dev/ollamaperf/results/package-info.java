/**
 * The run folder's files as Java records, each with one writer and one reader in
 * {@link dev.ollamaperf.results.FormatFiles}: {@code environment.json}
 * ({@link dev.ollamaperf.results.EnvironmentInfo}), {@code load/metrics.json} and {@code load/metrics-*.json}
 * ({@link dev.ollamaperf.results.LoadMetrics}, with encoded histograms and an optional time series),
 * {@code load/server.json} ({@link dev.ollamaperf.results.ServerInfo}) and {@code load/sweep.json}
 * ({@link dev.ollamaperf.results.CapacitySweep}); the emulator's profile file
 * ({@link dev.ollamaperf.results.ProfileFile}, written by {@code record-profile}, read by the emulator); and a
 * reader of JMH's own {@code jmh/results.json} ({@link dev.ollamaperf.results.JmhResult}).
 *
 * <p>This package is the contract between the producers (the load tests, the reports CLI's {@code environment}
 * step) and the consumers (the reports, the emulator): every one of them writes and reads through these types, so a renamed
 * field breaks the producer's build, not the gate. It depends on nothing but Jackson and HdrHistogram. Field
 * names in the run folder's files are snake_case; times are ISO-8601 UTC strings; every such file carries
 * {@code "version": 1}, and a reader refuses a version it does not know. Unknown fields are errors, so a typo
 * never passes silently. (The profile file, also written by hand, keeps the emulator's camelCase names and has no
 * version; see {@link dev.ollamaperf.results.ProfileFile}.)
 * The formats are described in {@code results-format/README.md}; golden files in the tests pin them byte for byte.
 */
package dev.ollamaperf.results;
