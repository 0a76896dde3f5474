package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the answers the gateway (or the proxy in front of it) gives. */
final class Reply {

    static final ObjectMapper JSON = new ObjectMapper();

    private Reply() {}

    static void success(EmulatorExchange exchange, JsonNode data) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("success", true).put("message", "");
        body.set("data", data);
        json(exchange, 200, body);
    }

    /** {@code {"success":true,"message":""}} without {@code data}: how the server answers a create or a delete. */
    static void done(EmulatorExchange exchange) throws IOException {
        json(exchange, 200, JSON.createObjectNode().put("success", true).put("message", ""));
    }

    static void failure(EmulatorExchange exchange, int status, String message) throws IOException {
        json(exchange, status, JSON.createObjectNode().put("success", false).put("message", message));
    }

    static void failure(EmulatorExchange exchange, ApiFailure failure) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("success", false);
        if (failure.code() != null) {
            body.put("code", failure.code());
        }
        json(exchange, failure.httpStatus(), body.put("message", failure.getMessage()));
    }

    static void json(EmulatorExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void html(EmulatorExchange exchange, int status, String title) {
        String page = "<html><head><title>" + title + "</title></head><body><center><h1>" + title
                + "</h1></center><hr><center>nginx</center></body></html>\n";
        send(exchange, status, "text/html", page.getBytes(StandardCharsets.UTF_8));
    }

    static void plain(EmulatorExchange exchange, int status, String text) {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void empty(EmulatorExchange exchange, int status) {
        exchange.respond(status, null);
    }

    static void redirect(EmulatorExchange exchange, int status, String location) {
        exchange.responseHeaders().set("Location", location);
        empty(exchange, status);
    }

    private static void send(EmulatorExchange exchange, int status, String contentType, byte[] body) {
        exchange.responseHeaders().set("Content-Type", contentType);
        exchange.respond(status, body);
    }
}
