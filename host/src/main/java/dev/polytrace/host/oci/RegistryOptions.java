package dev.polytrace.host.oci;

import java.util.Optional;

/**
 * How to talk to registries.
 *
 * @param plainHttp   http:// instead of https:// (local test registries)
 * @param credentials given on the command line; else ~/.docker/config.json is looked up per registry
 */
public record RegistryOptions(boolean plainHttp, Optional<Credentials> credentials) {
    public static final RegistryOptions DEFAULTS = new RegistryOptions(false, Optional.empty());

    public RegistryOptions withPlainHttp() {
        return new RegistryOptions(true, credentials);
    }

    public RegistryOptions withCredentials(Credentials newCredentials) {
        return new RegistryOptions(plainHttp, Optional.of(newCredentials));
    }

    /** The credentials for {@code registry}: the given ones, else the Docker config's, else none. */
    Optional<Credentials> credentialsFor(String registry) {
        return credentials.isPresent() ? credentials : DockerConfig.load().credentialsFor(registry);
    }
}
