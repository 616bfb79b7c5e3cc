/**
 * The client's settings from the environment or a builder: one name, one default and one parser per setting
 * ({@link dev.ollamaperf.client.config.ClientSettings}).
 */
package dev.ollamaperf.client.config;
