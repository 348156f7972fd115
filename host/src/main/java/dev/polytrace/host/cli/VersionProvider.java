package dev.polytrace.host.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest when packaged, "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"polytrace " + (v == null ? "dev" : v)};
    }
}
