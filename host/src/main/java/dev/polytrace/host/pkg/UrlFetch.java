package dev.polytrace.host.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a package is fetched over http(s): everything (connecting, redirects, headers, body) within
 * one deadline, at most {@code maxBytes}, and redirects followed only to https on the same host
 * unless {@code anyRedirect}: a daemon fetching for a client must not be led to other services.
 * Errors name the URL and what went wrong, never what the server sent.
 *
 * @param anyRedirect follow redirects to any http(s) URL but from https to http, as browsers do
 */
public record UrlFetch(Duration deadline, int maxBytes, boolean anyRedirect) {
    private static final int MAX_REDIRECTS = 5;

    public UrlFetch {
        if (deadline.isNegative() || deadline.isZero() || maxBytes < 1) {
            throw new IllegalArgumentException("a URL fetch needs a positive deadline and size cap");
        }
    }

    /** For the command line: the user's own URL, any redirect (as curl -L), the package cap. */
    public static UrlFetch forCli() {
        return new UrlFetch(PackageSources.HTTP_TIMEOUT, PackageSources.MAX_BYTES, true);
    }

    /** The body of {@code url}. @throws PackageSourceException naming the URL and the failure */
    public byte[] fetch(String url) {
        URI uri = parse(url, url);
        HttpClient client = HttpClient.newBuilder().connectTimeout(deadline)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        long end = System.nanoTime() + deadline.toNanos();
        try {
            for (int redirects = 0; ; redirects++) {
                HttpResponse<byte[]> response = send(client, uri, end, url);
                int status = response.statusCode();
                if (status < 300 || status > 399 || status == 304) {
                    if (status != 200) {
                        throw new PackageSourceException(url, "HTTP " + status);
                    }
                    return response.body();
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new PackageSourceException(url, "more than " + MAX_REDIRECTS + " redirects");
                }
                uri = redirectTarget(uri, response, url);
            }
        } finally {
            client.shutdownNow();
        }
    }

    private HttpResponse<byte[]> send(HttpClient client, URI uri, long end, String url) {
        long left = end - System.nanoTime();
        if (left <= 0) {
            throw timedOut(url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET().build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, this::cappedBody);
        try {
            return exchange.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(url);
        } catch (ExecutionException e) {
            throw failure(url, e.getCause());
        } catch (CancellationException e) {
            throw timedOut(url);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new PackageSourceException(url, "interrupted", e);
        }
    }

    private URI redirectTarget(URI from, HttpResponse<?> response, String url) {
        String location = response.headers().firstValue("location").orElseThrow(() ->
                new PackageSourceException(url, "HTTP " + response.statusCode() + " without a Location"));
        URI to = from.resolve(parse(location, url));
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean sameHost = to.getHost() != null && to.getHost().equalsIgnoreCase(from.getHost());
        boolean allowed = anyRedirect ? scheme.equals("https") || scheme.equals("http") && !"https".equals(
                from.getScheme()) : scheme.equals("https") && sameHost;
        if (!allowed) {
            throw new PackageSourceException(url, "redirected " + (sameHost ? "to " + scheme + " on the same host"
                    : "to another host") + ", which is not followed (only https on the same host is)");
        }
        return to;
    }

    /** The body, refused as soon as it passes {@code maxBytes} (whatever Content-Length said). */
    private HttpResponse.BodySubscriber<byte[]> cappedBody(HttpResponse.ResponseInfo info) {
        return new CappedBody(maxBytes, info.headers().firstValueAsLong("content-length").orElse(0) > maxBytes);
    }

    private static URI parse(String text, String url) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new PackageSourceException(url, "not a valid URL", e);
        }
    }

    private PackageSourceException timedOut(String url) {
        return new PackageSourceException(url, "timed out: not fetched within " + deadline.toMillis() / 1000.0 + " s");
    }

    private PackageSourceException failure(String url, Throwable cause) {
        if (cause instanceof TooLarge) {
            return new PackageSourceException(url, "larger than " + maxBytes + " bytes, too large for a package");
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return timedOut(url);
        }
        // The class says enough; a message could quote the server.
        return new PackageSourceException(url, "cannot fetch (" + cause.getClass().getSimpleName() + ")", cause);
    }

    /** Collects the body; past the cap it cancels the exchange and fails it. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final boolean declaredTooLarge;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int maxBytes, boolean declaredTooLarge) {
            this.maxBytes = maxBytes;
            this.declaredTooLarge = declaredTooLarge;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredTooLarge) { // refused unread
                s.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (result.isDone()) {
                    return;
                }
                if (bytes.size() + b.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray()); // no effect once refused
        }
    }

    private static final class TooLarge extends IOException {
    }
}
