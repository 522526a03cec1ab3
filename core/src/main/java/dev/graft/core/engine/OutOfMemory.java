package dev.graft.core.engine;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libtorch's allocation failures told in the user's terms. Its own message ("[enforce fail at
 * alloc_cpu.cpp:119] … DefaultCPUAllocator: can't allocate memory …", or CUDA's "out of memory") names
 * a source file and a byte count, but not which of the user's choices asked for that much.
 */
public final class OutOfMemory {
    private static final Pattern SIZE = Pattern.compile("(?i)tried to allocate (\\d+(?:\\.\\d+)?) ?(bytes|[KMGT]iB)");

    private OutOfMemory() {}

    /** Whether {@code e} is libtorch failing to allocate memory (CPU or CUDA). */
    public static boolean is(EngineException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("can't allocate memory") || m.contains("out of memory");
    }

    /**
     * @param what the work that ran, in option terms ({@code "the shape --batch 16 --seq 100000 …"})
     * @param fix what to change ({@code "lower --seq or --batch"})
     * @return an {@link IllegalArgumentException} that says so when {@code e} is an allocation failure;
     *     {@code e} itself otherwise
     */
    public static RuntimeException explain(EngineException e, Device device, String what, String fix) {
        if (!is(e)) {
            return e;
        }
        Matcher m = SIZE.matcher(e.getMessage());
        String size = m.find() ? " (one tensor needed " + readable(m.group(1), m.group(2)) + ")" : "";
        String where = device.isGpu() ? "gpu " + device.getDeviceId() : "cpu"; // --device's words, not cpu()
        return new IllegalArgumentException("out of memory on " + where + " running " + what + size + "; " + fix, e);
    }

    private static String readable(String amount, String unit) {
        if (!unit.equalsIgnoreCase("bytes")) {
            return amount + " " + unit;
        }
        double bytes = Double.parseDouble(amount);
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int k = 0;
        while (bytes >= 1024 && k < units.length - 1) {
            bytes /= 1024;
            k++;
        }
        return k == 0 ? (long) bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", bytes, units[k]);
    }
}
