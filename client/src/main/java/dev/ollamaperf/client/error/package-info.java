/**
 * The sealed set of failures the client reports, one class per {@link dev.ollamaperf.client.error.ErrorKind}.
 */
package dev.ollamaperf.client.error;
