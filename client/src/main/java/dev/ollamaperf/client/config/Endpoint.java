package dev.ollamaperf.client.config;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the Ollama server is: scheme, host, port and an optional base path.
 *
 * <p>{@link #parse(String, String)} follows Ollama's own reading of {@code OLLAMA_HOST} ({@code envconfig.Host}):
 * {@code host}, {@code host:port}, {@code scheme://host:port/path}; the port defaults to 11434, except that an
 * explicit {@code http://} or {@code https://} defaults to 80 or 443. Quotes and spaces around the value are
 * stripped. Because this is the <em>client</em> side, the wildcard addresses {@code 0.0.0.0}, {@code ::} and an
 * empty host mean "connect to this machine" ({@code 127.0.0.1}).
 *
 * @param scheme   {@code http} or {@code https}
 * @param host     host name or IP literal (IPv6 without brackets)
 * @param port     1–65535
 * @param basePath {@code ""} or a path starting with {@code /} and not ending with one
 */
public record Endpoint(String scheme, String host, int port, String basePath) {

    /** The default port of an Ollama server. */
    public static final int DEFAULT_PORT = 11434;

    public Endpoint {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(basePath, "basePath");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint scheme must be http or https, got: " + scheme);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be between 1 and 65535, got: " + port);
        }
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
            throw new IllegalArgumentException("endpoint base path must start and not end with '/', got: " + basePath);
        }
    }

    /**
     * Parses an endpoint as Ollama parses {@code OLLAMA_HOST}.
     *
     * @param setting the variable the value came from, for error messages
     * @throws IllegalArgumentException naming the setting and value when the scheme or port is invalid
     */
    public static Endpoint parse(String setting, String value) {
        String s = value.strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        String scheme = "http";
        int defaultPort = DEFAULT_PORT;
        int sep = s.indexOf("://");
        if (sep >= 0) {
            scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
            s = s.substring(sep + 3);
            if (scheme.equals("http")) {
                defaultPort = 80;
            } else if (scheme.equals("https")) {
                defaultPort = 443;
            } else {
                throw new IllegalArgumentException("'" + setting + "' scheme must be http or https, got: " + value);
            }
        }
        String path = "";
        int slash = s.indexOf('/');
        if (slash >= 0) {
            path = s.substring(slash);
            s = s.substring(0, slash);
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
        }
        String host = s;
        int port = defaultPort;
        int colon = s.lastIndexOf(':');
        boolean bracketed = s.startsWith("[");
        if (colon >= 0 && (!bracketed || colon > s.indexOf(']')) && (bracketed || s.indexOf(':') == colon)) {
            host = s.substring(0, colon);
            port = parsePort(setting, value, s.substring(colon + 1));
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Endpoint(scheme, connectableHost(host), port, path);
    }

    private static int parsePort(String setting, String value, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + setting + "' port must be between 1 and 65535, got: " + value);
    }

    private static String connectableHost(String host) {
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return "127.0.0.1";
        }
        return host;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:11434} (IPv6 hosts bracketed). */
    public String baseUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + basePath;
    }

    /** The URL of an API path such as {@code /api/chat}. */
    public String url(String path) {
        return baseUrl() + path;
    }

    /**
     * True when the host is this machine ({@code localhost} or a loopback literal). No DNS lookup is made for
     * other names; they count as remote.
     */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return baseUrl();
    }
}
