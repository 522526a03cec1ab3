package dev.graft.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine the way Graft needs it: no network (offline mode, tracking opt-out,
 * native libraries from the Maven jars on the class path) unless the user says otherwise.
 */
public final class GraftEngine {
    private GraftEngine() {}

    /**
     * Sets the defaults before the engine loads. Explicit {@code -D} settings win, so a user who
     * wants DJL to download a libtorch flavour can pass {@code -Dai.djl.offline=false}.
     */
    public static void configureDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        // DJL reads OPT_OUT_TRACKING from the environment or from a system property.
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    /** The engine, after {@link #configureDefaults()}. */
    public static Engine engine() {
        configureDefaults();
        return Engine.getEngine("PyTorch");
    }

    /** Resolves a device choice against the GPUs the loaded libtorch can see. */
    public static Device resolve(DeviceChoice choice) {
        int gpus = engine().getGpuCount();
        switch (choice) {
            case CPU:
                return Device.cpu();
            case GPU:
                if (gpus == 0) {
                    throw new IllegalStateException("--device gpu: the PyTorch engine sees no GPU (libtorch "
                            + engine().getVersion() + " loaded without CUDA, or no driver). Build with the CUDA "
                            + "libtorch (see README, 'GPU') or use --device cpu.");
                }
                return Device.gpu();
            case AUTO:
                return gpus > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new AssertionError(choice);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
