package org.cheriemu.emulator.nativelib;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads the native libraries behind the Unicorn and Capstone bindings.
 *
 * <p>Search order for each library: the project-local folder first (system property
 * {@value #NATIVE_DIR_PROPERTY}, else {@code <cheriemu.root>/.build/native}, where
 * {@code scripts/native-libs.sh} unpacks Debian trixie's libcapstone5 when the system has no
 * libcapstone 5), then the system's dynamic loader path by soname. Only the major versions whose
 * constants these bindings were checked against are accepted: {@code libunicorn.so.2} and
 * {@code libcapstone.so.5}. A library is loaded once, into the global arena, and never unloaded.
 *
 * <p>Callers of restricted FFM methods need {@code --enable-native-access=ALL-UNNAMED} on the java
 * command line (the launcher and surefire pass it); without it the JDK only prints a warning.
 */
public final class NativeLibraries {

    /** System property naming the project-local folder of native libraries. */
    public static final String NATIVE_DIR_PROPERTY = "cheriemu.native";
    /**
     * System property listing libraries to treat as missing ({@code unicorn}, {@code capstone},
     * comma separated): to try the "library missing" paths on a machine that has them.
     */
    public static final String DISABLE_PROPERTY = "cheriemu.native.disable";
    /** System property with the repository root (set by the launcher and by surefire). */
    public static final String ROOT_PROPERTY = "cheriemu.root";

    /** Debian's libunicorn2 (2.0.1): the register ids in {@link Unicorn} are those of 2.0.x. */
    static final String UNICORN_SONAME = "libunicorn.so.2";
    /** Capstone 5: RISC-V support starts there; the enum values in {@link Capstone} are 5.x's. */
    static final String CAPSTONE_SONAME = "libcapstone.so.5";

    private static final Object LOCK = new Object();
    private static Loaded unicorn;
    private static Loaded capstone;

    private record Loaded(SymbolLookup lookup, String where, String failure) {
    }

    private NativeLibraries() {
    }

    /** The folder searched first, or null when neither property is set. */
    public static Path nativeDir() {
        String dir = System.getProperty(NATIVE_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String root = System.getProperty(ROOT_PROPERTY);
        return root == null || root.isBlank() ? null : Path.of(root, ".build", "native");
    }

    /** libunicorn, loaded; throws {@link NativeLibraryUnavailableException} when it is missing. */
    public static SymbolLookup unicorn() {
        synchronized (LOCK) {
            if (unicorn == null) {
                unicorn = load(UNICORN_SONAME, "install Debian's libunicorn2 (./cheri-emu and ./test.sh do it)");
            }
            return require(unicorn, "Unicorn");
        }
    }

    /** libcapstone 5, loaded; throws {@link NativeLibraryUnavailableException} when it is missing. */
    public static SymbolLookup capstone() {
        synchronized (LOCK) {
            if (capstone == null) {
                capstone = load(CAPSTONE_SONAME,
                        "install libcapstone5, or run ./cheri-emu or ./test.sh once to fetch it into .build/native");
            }
            return require(capstone, "Capstone");
        }
    }

    /** Where libunicorn was loaded from (a path or a soname), or why it was not. */
    public static String describeUnicorn() {
        try {
            unicorn();
        } catch (NativeLibraryUnavailableException e) {
            return e.getMessage();
        }
        return unicorn.where();
    }

    /** Where libcapstone was loaded from (a path or a soname), or why it was not. */
    public static String describeCapstone() {
        try {
            capstone();
        } catch (NativeLibraryUnavailableException e) {
            return e.getMessage();
        }
        return capstone.where();
    }

    private static SymbolLookup require(Loaded lib, String what) {
        if (lib.lookup() == null) {
            throw new NativeLibraryUnavailableException(lib.failure());
        }
        return lib.lookup();
    }

    private static boolean disabled(String soname) {
        String list = System.getProperty(DISABLE_PROPERTY, "");
        for (String name : list.split(",")) {
            if (!name.isBlank() && soname.startsWith("lib" + name.strip() + ".so")) {
                return true;
            }
        }
        return false;
    }

    private static Loaded load(String soname, String hint) {
        if (disabled(soname)) {
            return new Loaded(null, null, soname + " not used (" + DISABLE_PROPERTY + ")");
        }
        List<String> tried = new ArrayList<>();
        Path dir = nativeDir();
        if (dir != null) {
            Path local = dir.resolve(soname);
            if (Files.isRegularFile(local)) {
                try {
                    return new Loaded(SymbolLookup.libraryLookup(local, Arena.global()), local.toString(), null);
                } catch (IllegalArgumentException e) {
                    tried.add(local + " (" + e.getMessage() + ")");
                }
            }
        }
        try {
            return new Loaded(SymbolLookup.libraryLookup(soname, Arena.global()), soname, null);
        } catch (IllegalArgumentException e) {
            tried.add(soname);
        }
        return new Loaded(null, null, soname + " not found (" + hint + ")");
    }
}
