package dev.graft.core.cli;

import dev.graft.core.engine.DeviceChoice;
import picocli.CommandLine.Option;

/** Options every model-running command shares. */
public final class CommonOptions {
    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto",
            converter = DeviceConverter.class,
            description = "Where to run: cpu, gpu (fails if libtorch sees none) or auto (GPU when present). Default: ${DEFAULT-VALUE}.")
    public DeviceChoice device;

    @Option(names = {"-v", "--verbose"},
            description = "Show DJL's INFO logging and full stack traces on errors.")
    public boolean verbose;

    /** Accepts the device names in any case. */
    public static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            try {
                return DeviceChoice.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a device; use cpu, gpu or auto");
            }
        }
    }
}
