package io.tokenpolicy.worker.tokenapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on the loopback address, as a user's network has one: {@code CONNECT host:port}
 * opens a tunnel, any other request is forwarded as it came (its target in absolute form). Every
 * host name is taken to mean 127.0.0.1, so that a test gateway can have a name nothing resolves.
 * Remembers the first line of each request it was asked to carry.
 */
final class TestProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    TestProxy() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::accept, "test-proxy");
    }

    int port() {
        return listener.getLocalPort();
    }

    List<String> requestLines() {
        return requestLines;
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the test is over
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                daemon(() -> carry(client), "test-proxy-connection");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void carry(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            requestLines.add(requestLine);
            String[] parts = requestLine.split(" ");
            Socket target;
            if (parts[0].equals("CONNECT")) {
                target = connect(Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1)));
                client.getOutputStream().write(bytes("HTTP/1.1 200 Connection established\r\n\r\n"));
            } else {
                target = connect(URI.create(parts[1]).getPort());
                target.getOutputStream().write(bytes(head));
            }
            daemon(() -> pipe(target, client), "test-proxy-back");
            pipe(client, target);
        } catch (IOException | RuntimeException gone) {
            // a side went away, or the test is over
        }
    }

    private Socket connect(int port) throws IOException {
        Socket target = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(target);
        return target;
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // the other side closed
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client went away before its request's head ended");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
