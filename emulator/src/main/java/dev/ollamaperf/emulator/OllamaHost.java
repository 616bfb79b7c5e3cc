package dev.ollamaperf.emulator;

import java.util.Objects;

/**
 * Where {@code OLLAMA_HOST} says to listen, parsed as Ollama's {@code envconfig.Host} does
 * (docs/ollama-api.md §3.1): {@code host}, {@code host:port} or {@code scheme://host:port/path};
 * without a port the default is 11434, except that an explicit {@code http://} means 80 and
 * {@code https://} 443; quotes and spaces around the value are stripped; an empty host (":8080")
 * means every interface, as in Go; an invalid port falls back to the default.
 *
 * @param host the bind address, e.g. "127.0.0.1" or "0.0.0.0"
 * @param port 0..65535
 */
public record OllamaHost(String host, int port) {

    /** The variable's name. */
    public static final String VARIABLE = "OLLAMA_HOST";
    /** Ollama's default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Ollama's default port. */
    public static final int DEFAULT_PORT = 11434;

    public OllamaHost {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'port' must be between 0 and 65535, got: " + port);
        }
    }

    /**
     * @param value the variable's value, or null when unset
     * @return the address to listen on
     */
    public static OllamaHost parse(String value) {
        String s = value == null ? "" : strip(value.strip(), "\"'");
        int defaultPort = DEFAULT_PORT;
        int schemeEnd = s.indexOf("://");
        if (schemeEnd >= 0) {
            String scheme = s.substring(0, schemeEnd);
            s = s.substring(schemeEnd + 3);
            defaultPort = "http".equals(scheme) ? 80 : "https".equals(scheme) ? 443 : DEFAULT_PORT;
        }
        int slash = s.indexOf('/');
        String hostPort = slash >= 0 ? s.substring(0, slash) : s;
        String host;
        String port;
        int colon = hostPort.lastIndexOf(':');
        boolean bracketed = hostPort.startsWith("[");
        if (colon >= 0
                && (!bracketed || hostPort.lastIndexOf(']') < colon)
                && (bracketed || hostPort.indexOf(':') == colon)) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
            if (bracketed) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
        } else {
            host = hostPort.isEmpty() ? DEFAULT_HOST : strip(hostPort, "[]");
            port = String.valueOf(defaultPort);
        }
        return new OllamaHost(host, parsePort(port, defaultPort));
    }

    private static int parsePort(String port, int defaultPort) {
        try {
            int n = Integer.parseInt(port);
            return n < 0 || n > 65535 ? defaultPort : n;
        } catch (NumberFormatException e) {
            return defaultPort;
        }
    }

    private static String strip(String s, String cut) {
        int start = 0;
        int end = s.length();
        while (start < end && cut.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cut.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}
