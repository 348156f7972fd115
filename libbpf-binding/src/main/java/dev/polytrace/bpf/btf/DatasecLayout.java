package dev.polytrace.bpf.btf;

import java.util.OptionalLong;

/**
 * Where a DATASEC's contents really are. Compilers emit DATASECs with size 0 and zero variable
 * offsets, leaving them to the loader; a layout taken from the ELF object fills them in.
 */
interface DatasecLayout {
    /** The size of the ELF section with that name. */
    OptionalLong sectionSize(String section);

    /** The offset of a variable in that section, from its symbol. */
    OptionalLong variableOffset(String section, String variable);
}
