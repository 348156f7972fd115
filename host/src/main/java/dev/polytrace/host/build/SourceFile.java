package dev.polytrace.host.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code .bpf.c} source, or a header of the user's, as the build reads it before and after
 * compiling: tokens, file-scope declarations with their {@code ///} blocks, includes,
 * function-like macros, and the leading comment.
 */
final class SourceFile {
    /** License and copyright lines are not a description. */
    private static final Pattern BOILERPLATE = Pattern.compile(
            "(?i)^(SPDX-License-Identifier:.*|copyright\\b.*|\\(c\\).*|all rights reserved\\.?)$");

    private final Path path;
    private final List<CToken> tokens;
    private final List<IncludeDirective> includes;
    private final List<FunctionMacro> macros;
    private final List<String> leadingComment;
    private final List<Declaration> declarations;
    private final List<DocBlock> looseBlocks;

    private SourceFile(Path path, String text) {
        this.path = path;
        CLexer.Result lexed = CLexer.lex(text);
        this.tokens = lexed.tokens();
        this.includes = lexed.includes();
        this.macros = lexed.macros();
        this.leadingComment = lexed.leadingComment();
        List<DocBlock> blocks = group(lexed.docLines());
        Map<Integer, DocBlock> blockAbove = new HashMap<>();
        for (DocBlock b : blocks) {
            blockAbove.put(b.lines().get(b.lines().size() - 1).line() + 1, b);
        }
        List<Declaration> decls = new ArrayList<>();
        List<DocBlock> attached = new ArrayList<>();
        for (Declaration d : DeclarationParser.parse(tokens)) {
            DocBlock doc = blockAbove.get(d.line());
            if (doc != null && !attached.contains(doc)) {
                attached.add(doc);
                d = d.withDoc(doc);
            }
            decls.add(d);
        }
        this.declarations = List.copyOf(decls);
        this.looseBlocks = blocks.stream().filter(b -> !attached.contains(b)).toList();
    }

    static SourceFile read(Path path) {
        try {
            return new SourceFile(path, Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BuildException(path + ": no such file");
        } catch (IOException e) {
            throw new BuildException(path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static SourceFile of(Path path, String text) {
        return new SourceFile(path, text);
    }

    Path path() {
        return path;
    }

    /** The file name, as messages about the source name it. */
    String fileName() {
        return path.getFileName().toString();
    }

    List<CToken> tokens() {
        return tokens;
    }

    List<IncludeDirective> includes() {
        return includes;
    }

    List<FunctionMacro> macros() {
        return macros;
    }

    List<Declaration> declarations() {
        return declarations;
    }

    List<Declaration> declarations(Declaration.Kind kind) {
        return declarations.stream().filter(d -> d.kind() == kind).toList();
    }

    Optional<Declaration> declaration(Declaration.Kind kind, String name) {
        return declarations.stream().filter(d -> d.kind() == kind && d.name().equals(name)).findFirst();
    }

    /** {@code ///} blocks that are not directly above a declaration. */
    List<DocBlock> looseBlocks() {
        return looseBlocks;
    }

    /** Every annotation of the file, attached or not. */
    List<Annotation> allAnnotations() {
        List<Annotation> all = new ArrayList<>();
        declarations.forEach(d -> all.addAll(d.doc().annotations()));
        looseBlocks.forEach(b -> all.addAll(b.annotations()));
        return all;
    }

    /**
     * The first line of the comment block the file starts with, skipping blank lines, SPDX tags
     * and copyright notices; "" when the file starts with code.
     */
    String leadingDescription() {
        for (String line : leadingComment) {
            if (!line.isEmpty() && !BOILERPLATE.matcher(line).matches()) {
                return line;
            }
        }
        return "";
    }

    /** Consecutive doc lines form one block. */
    private static List<DocBlock> group(List<DocLine> lines) {
        List<DocBlock> blocks = new ArrayList<>();
        List<DocLine> current = new ArrayList<>();
        for (DocLine l : lines) {
            if (!current.isEmpty() && current.get(current.size() - 1).line() + 1 != l.line()) {
                blocks.add(new DocBlock(current));
                current = new ArrayList<>();
            }
            current.add(l);
        }
        if (!current.isEmpty()) {
            blocks.add(new DocBlock(current));
        }
        return blocks;
    }
}
