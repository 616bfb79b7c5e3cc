package dev.ollamaperf.gateway;

import java.io.IOException;

/**
 * The upstream's answer broke off after the gateway had sent its status and part of its body. The exchange must
 * then not be closed normally: that would end the chunked body cleanly and pass the cut-off answer for a whole one.
 * Thrown out of the handler instead, it makes the JDK server drop the connection, so the caller sees the cut.
 */
final class UpstreamCutOff extends IOException {

    private static final long serialVersionUID = 1L;

    UpstreamCutOff(String path, IOException cause) {
        super("the upstream answer to " + path + " broke off mid-body: " + cause, cause);
    }
}
