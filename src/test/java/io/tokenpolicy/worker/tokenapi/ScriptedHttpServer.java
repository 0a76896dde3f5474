package io.tokenpolicy.worker.tokenapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A server that answers HTTP requests with exactly the bytes a test scripts, in order, whatever
 * connection they come on: for the wire cases of {@link GatewayHttp} (answers past the cap,
 * redirects, slow answers, TLS of a private CA) that a real gateway produces only now and then.
 */
final class ScriptedHttpServer implements AutoCloseable {

    private record Step(byte[] answer, boolean close, Duration delay) {}

    private final ServerSocket listener;
    private final BlockingQueue<Step> script = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private ScriptedHttpServer(ServerSocket listener) {
        this.listener = listener;
        Thread acceptor = new Thread(this::accept, "scripted-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedHttpServer plain() {
        try {
            return new ScriptedHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param needClientAuth whether a client must show a certificate that {@code context} trusts */
    static ScriptedHttpServer tls(SSLContext context, boolean needClientAuth) {
        try {
            SSLServerSocket listener = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            listener.setNeedClientAuth(needClientAuth);
            return new ScriptedHttpServer(listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void answer(String... answers) {
        for (String answer : answers) {
            script.add(new Step(answer.getBytes(StandardCharsets.UTF_8), false, Duration.ZERO));
        }
    }

    void answerAndClose(String answer) {
        script.add(new Step(answer.getBytes(StandardCharsets.UTF_8), true, Duration.ZERO));
    }

    void answerAfter(Duration delay, String answer) {
        script.add(new Step(answer.getBytes(StandardCharsets.UTF_8), false, delay));
    }

    void closeWithoutAnswer() {
        script.add(new Step(new byte[0], true, Duration.ZERO));
    }

    int port() {
        return listener.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    List<String> requests() {
        return requests;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the test is over
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                accepted.add(socket);
                Thread connection = new Thread(() -> serve(socket), "scripted-http-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            for (String request = readRequest(in); request != null; request = readRequest(in)) {
                requests.add(request);
                Step step = script.poll(10, TimeUnit.SECONDS);
                if (step == null) {
                    return;
                }
                Thread.sleep(step.delay().toMillis());
                socket.getOutputStream().write(step.answer());
                socket.getOutputStream().flush();
                if (step.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client went away, or the test is over
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = contentLength(text);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        byte[] bytes = head.toByteArray();
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
