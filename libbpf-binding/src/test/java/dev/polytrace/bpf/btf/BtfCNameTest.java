package dev.polytrace.bpf.btf;

import static dev.polytrace.bpf.btf.KindsObject.BTF;
import static dev.polytrace.bpf.btf.KindsObject.func;
import static dev.polytrace.bpf.btf.KindsObject.member;
import static dev.polytrace.bpf.btf.KindsObject.typeOf;
import static dev.polytrace.bpf.btf.KindsObject.var;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** C spellings of the types in btf_kinds.bpf.c, as declared in its source. */
class BtfCNameTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "min_duration_ms     | const volatile int",
        "verbose             | const volatile bool",
        "comm_filter         | const volatile char[16]",
        "threshold_ns        | const volatile unsigned long long",
        "counter             | my_u32",
        "cv_value            | my_cv_int",
        "qualified_ptr_chain | int *const volatile *",
        "restrict_ptr        | int *restrict",
        "user_ptr            | int *",
        "opaque_ptr          | struct opaque *",
        "opaque_union_ptr    | union opaque_union *",
        "last_event          | struct event",
        "last_either         | union either",
        "current_state       | enum run_state",
        "data_signed_state   | enum signed_state",
        "wide_int            | __int128",
        "LICENSE             | char[4]",
        "events              | struct (anonymous)",
    })
    void globalVariableTypes(String var, String cName) {
        assertEquals(cName, typeOf(var).cName());
    }

    @ParameterizedTest(name = "event.{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "pid      | unsigned int",
        "comm     | char[16]",
        "matrix   | int[2][3]",
        "next     | struct event *",
        "label    | const char *",
        "alias    | my_u32_alias",
        "callback | void (*)(int, const char *)",
        "point    | struct (anonymous)",
    })
    void structMemberTypes(String member, String cName) {
        assertEquals(cName, member("event", member).type().cName());
    }

    @Test
    void mapDefinitionMembersArePointersToArrays() {
        BtfStruct map = (BtfStruct) typeOf("events");
        assertEquals("int (*)[27]", map.member("type").orElseThrow().type().cName(), "BPF_MAP_TYPE_RINGBUF = 27");
        assertEquals("int (*)[4096]", map.member("max_entries").orElseThrow().type().cName());
    }

    @Test
    void declarationsOfVariablesAndFunctions() {
        assertEquals("const volatile char comm_filter[16]", var("comm_filter").cName());
        assertEquals("int *const volatile *qualified_ptr_chain", var("qualified_ptr_chain").cName());
        assertEquals("int add_pid(struct event *e, int delta)", func("add_pid").cName());
        assertEquals("int handle_getppid(void *ctx)", func("handle_getppid").cName());
        assertEquals("int (struct event *e, int delta)", func("add_pid").proto().cName());
        assertEquals("int add_pid(struct event *e, int delta) (global func)", func("add_pid").toString());
    }

    @Test
    void voidAndTags() {
        assertEquals("void", BTF.type(0).cName());
        BtfDeclTag tag = BTF.types().stream().filter(BtfDeclTag.class::isInstance).map(BtfDeclTag.class::cast)
                .filter(t -> t.name().equals("var_tag")).findFirst().orElseThrow();
        assertEquals("__attribute__((btf_decl_tag(\"var_tag\")))", tag.cName());
    }

    @Test
    void membersPrintAsDeclarationsWithOffsets() {
        assertEquals("int matrix[2][3] @44", member("event", "matrix").toString());
        assertEquals("unsigned int mid : 5 @bit 3", member("flags", "mid").toString());
        assertEquals("void (*callback)(int, const char *) @112", member("event", "callback").toString());
    }
}
