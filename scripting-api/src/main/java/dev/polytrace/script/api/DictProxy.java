package dev.polytrace.script.api;

/**
 * A guest view of named entries that reads the same as {@code x.name} and {@code x['name']} in
 * both languages: JS reads members and hash entries alike, but GraalPy subscripts only hash
 * entries and reads attributes only from members, so the view is both a ProxyObject ({@link
 * MemberView}) and a ProxyHashMap ({@link HashView}); Python then sees a dict: {@code len},
 * {@code in}, {@code keys()}, iteration.
 */
abstract class DictProxy implements MemberView, HashView {
}
