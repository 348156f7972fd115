package dev.polytrace.host.daemon.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors Jetty answers itself, before a request reaches the routes (headers too large, an
 * ambiguous URI such as an encoded {@code /}, a malformed request line), in the daemon's JSON
 * shape instead of Jetty's HTML page.
 */
final class JsonErrorPages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Responses.JSON);
        response.getOutputStream().write(body(code, message).getBytes(StandardCharsets.UTF_8));
    }

    private static String body(int status, String reason) {
        String error = switch (status) {
            case 400 -> "bad_request";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
        String detail = reason == null || reason.isBlank() ? "HTTP " + status : reason;
        return "{\"error\":\"" + error + "\",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
