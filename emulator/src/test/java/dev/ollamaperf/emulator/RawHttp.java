package dev.ollamaperf.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand over a socket, for tests that must see the exact bytes or close mid-response. */
final class RawHttp {

    private RawHttp() {}

    /** Opens a connection to 127.0.0.1 and sends one POST with a JSON body; the caller closes it. */
    static Socket post(int port, String path, String json) throws IOException {
        return post(port, path, json, "");
    }

    /** As {@link #post(int, String, String)}, with extra header lines, each ending in CRLF. */
    static Socket post(int port, String path, String json, String headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Sends one POST and returns every byte the server sent until it closed the connection. */
    static String postAndReadToEnd(int port, String path, String json) throws IOException {
        return postAndReadToEnd(port, path, json, "");
    }

    /** As {@link #postAndReadToEnd(int, String, String)}, with extra header lines, each ending in CRLF. */
    static String postAndReadToEnd(int port, String path, String json, String headers) throws IOException {
        try (Socket socket = post(port, path, json, headers)) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // a reset also ends the response; what arrived before it is kept
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
