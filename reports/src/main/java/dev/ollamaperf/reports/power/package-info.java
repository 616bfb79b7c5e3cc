/**
 * The power-aware gate (docs/power.md): how much noise each budgeted metric carries, the smallest regression
 * the gate detects at the run's length ({@link dev.ollamaperf.reports.power.Detectable}), and the length a
 * scenario needs to detect a chosen one ({@link dev.ollamaperf.reports.power.SensitivityPlanner}).
 */
package dev.ollamaperf.reports.power;
