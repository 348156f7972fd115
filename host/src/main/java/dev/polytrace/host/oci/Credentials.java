package dev.polytrace.host.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user and password, sent as HTTP basic auth or to a token service. */
public record Credentials(String user, String password) {
    /** The value of an {@code Authorization: Basic} header. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + user + ", password hidden]";
    }
}
