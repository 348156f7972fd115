package dev.polytrace.host.daemon.http;

import dev.polytrace.host.build.CompilationFailedException;
import dev.polytrace.host.build.CompilerDiagnostic;
import dev.polytrace.host.build.SourceBundle;
import dev.polytrace.host.daemon.BuildOrder;
import dev.polytrace.host.daemon.BuildService;
import dev.polytrace.host.daemon.DaemonException;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/build}: a {@code .bpf.c} in, the package out (200, the package document), or
 * clang's errors as JSON (422 {@code compile_failed}, with {@code diagnostics} of file, line,
 * column). Takes JSON ({@link BuildOrder}) or a multipart form: file {@code source}, files
 * {@code header} (each named by its relative path), file {@code handler}, fields {@code define},
 * {@code event}, {@code name}, {@code description}, {@code version}.
 */
final class BuildController {
    private final BuildService builds;
    private final int maxBodyBytes;

    BuildController(BuildService builds, int maxBodyBytes) {
        this.builds = builds;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(Javalin app) {
        app.post("/v1/build", this::build);
    }

    private void build(Context ctx) {
        BuildOrder order = ctx.isMultipartFormData() ? fromForm(ctx) : BuildOrder.parse(RequestBody.read(ctx, maxBodyBytes));
        TracerPackage pkg;
        try {
            pkg = builds.build(order);
        } catch (CompilationFailedException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "compile_failed");
            body.put("detail", e.getMessage());
            body.put("diagnostics", CompilerDiagnostic.parse(e.diagnostics()));
            body.put("log", e.details());
            Responses.json(ctx, 422, body);
            return;
        }
        ctx.status(200).contentType(Responses.JSON).result(PackageWriter.write(pkg));
    }

    private BuildOrder fromForm(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0 || declared > maxBodyBytes) {
            throw new DaemonException(DaemonException.Reason.TOO_LARGE, "too_large", declared < 0
                    ? "a multipart build request needs a Content-Length" : "the request body is larger than "
                    + maxBodyBytes + " bytes");
        }
        UploadedFile source = ctx.uploadedFile("source");
        if (source == null) {
            throw DaemonException.badRequest("bad_request", "the form has no file 'source' (the .bpf.c)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (UploadedFile header : ctx.uploadedFiles("header")) {
            headers.put(header.filename(), text(header));
        }
        UploadedFile handler = ctx.uploadedFile("handler");
        Optional<PackageHandler> handlerSource = Optional.empty();
        if (handler != null) {
            String language = PackageHandler.languageOf(handler.filename());
            if (language == null) {
                throw DaemonException.badRequest("bad_request", "handler " + handler.filename()
                        + ": a .js, .mjs or .py file");
            }
            handlerSource = Optional.of(new PackageHandler(language, handler.filename(), text(handler)));
        }
        return new BuildOrder(new SourceBundle(source.filename(), text(source), headers), ctx.formParams("define"),
                ctx.formParams("event"), handlerSource, Optional.ofNullable(ctx.formParam("name")),
                Optional.ofNullable(ctx.formParam("description")), Optional.ofNullable(ctx.formParam("version")));
    }

    private static String text(UploadedFile file) {
        try (InputStream in = file.content()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DaemonException.badRequest("bad_request", "cannot read the form's file " + file.filename() + ": "
                    + e.getMessage());
        }
    }
}
