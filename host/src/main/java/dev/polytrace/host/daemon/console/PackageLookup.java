package dev.polytrace.host.daemon.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.daemon.DeployRequest;
import dev.polytrace.host.daemon.RequestJson;
import dev.polytrace.host.oci.OciReference;
import dev.polytrace.host.oci.RegistryException;
import dev.polytrace.host.oci.RegistryOptions;
import dev.polytrace.host.oci.TracerRepository;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.pkg.UrlFetch;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the package a console user picked, so its form can be shown before it is deployed:
 * {@code {"bundled"|"url"|"package"}} as a deploy names them, or {@code {"oci": "oci://HOST/REPO:TAG"}}.
 *
 * <p>Registry references are pulled here, by the daemon, because a page cannot reach a registry
 * itself (its Content-Security-Policy allows the daemon only); the page then deploys the document it
 * got back, so the deploy route stays as it is. A pull uses the daemon user's registry logins as
 * {@code polytrace pull} does, over HTTPS; {@code "plainHttp": true} is honoured only for a
 * registry on a loopback address, where nothing crosses a network.
 */
public final class PackageLookup {
    private static final Pattern LOOPBACK = Pattern.compile("(localhost|127(\\.[0-9]{1,3}){3}|\\[::1])(:[0-9]{1,5})?");
    private static final Set<String> FIELDS = Set.of("bundled", "url", "package", "oci", "plainHttp");

    private PackageLookup() {
    }

    /** A package found, its document as fetched and its canonical sha256 (which a deploy can pin). */
    public record Found(byte[] document, TracerPackage pkg, String origin, String sha256) {
    }

    public static Found find(byte[] body, UrlFetch fetch) {
        JsonNode root = RequestJson.object(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw DaemonException.badRequest("bad_request", "unknown field '" + name
                        + "'; expected one of bundled, url, package, oci (with plainHttp)");
            }
        }
        if (root.hasNonNull("oci")) {
            if (root.size() > (root.has("plainHttp") ? 2 : 1)) {
                throw DaemonException.badRequest("bad_request", "give exactly one of bundled, url, package or oci");
            }
            return pull(root.get("oci").asText(), root.path("plainHttp").asBoolean(false));
        }
        if (root.has("plainHttp")) {
            throw DaemonException.badRequest("bad_request", "plainHttp goes with oci only");
        }
        DeployRequest.Source source = DeployRequest.parse(body, fetch).source();
        byte[] document = source.bytes();
        return found(document, source.read(document), source.origin());
    }

    private static Found pull(String spec, boolean plainHttp) {
        if (!OciReference.isReference(spec)) {
            throw DaemonException.badRequest("bad_request", "oci: expected oci://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST]");
        }
        try {
            OciReference ref = OciReference.parse(spec);
            if (plainHttp && !isLoopback(ref.registry())) {
                throw DaemonException.badRequest("bad_request", "plainHttp: only for a registry on a loopback "
                        + "address; " + ref.registry() + " is reached over HTTPS");
            }
            RegistryOptions options = plainHttp ? RegistryOptions.DEFAULTS.withPlainHttp() : RegistryOptions.DEFAULTS;
            TracerRepository.Pulled pulled = new TracerRepository(options).pull(ref);
            String origin = pulled.reference().toString();
            return found(pulled.document(), PackageReader.read(pulled.document(), origin), origin);
        } catch (RegistryException e) {
            throw DaemonException.unprocessable("registry", e.getMessage());
        }
    }

    private static Found found(byte[] document, TracerPackage pkg, String origin) {
        return new Found(document, pkg, origin, ObjectEncoding.sha256(PackageWriter.canonical(pkg)));
    }

    /**
     * A registry named by a loopback literal: {@code localhost}, {@code 127.x.x.x} or {@code [::1]},
     * with an optional port. Names are not resolved, so a name that points at loopback only while
     * it is checked cannot take a plain-HTTP pull elsewhere.
     */
    static boolean isLoopback(String registry) {
        return LOOPBACK.matcher(registry).matches();
    }
}
