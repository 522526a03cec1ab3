package dev.graft.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The adapters a server can route to: subdirectories of {@code --adapters} addressed by name. A name is
 * {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}, and must resolve (symbolic links followed) to a
 * direct child of the adapters directory, so no request can reach a path outside it.
 */
public final class AdapterRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path root;
    private final AdapterRuntime runtime;
    private final ReentrantLock modelLock;
    private final Set<String> loaded = new TreeSet<>();

    /**
     * @param root the adapters directory, or null when the server has none
     * @param modelLock held by the model worker while a batch runs; loads and unloads wait for it
     */
    public AdapterRegistry(Path root, AdapterRuntime runtime, ReentrantLock modelLock) {
        this.root = root == null ? null : realRoot(root);
        this.runtime = runtime;
        this.modelLock = modelLock;
    }

    private static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("--adapters " + root + ": not a readable directory (" + e.getMessage() + ")");
        }
    }

    /** Refuses a name that is not {@code [A-Za-z0-9._-]{1,128}} or is {@code .} / {@code ..} (422). */
    public static String validName(String name, String param) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw ApiException.invalid(param, "adapter names are 1-128 characters of [A-Za-z0-9._-] and not . or ..; got "
                    + quote(name));
        }
        return name;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }

    /** The directory of adapter {@code name}: must exist as a direct child of the root (404 otherwise). */
    Path directoryOf(String name) {
        validName(name, "name");
        if (root == null) {
            throw new ApiException(404, "not_found_error", "adapter", "adapter '" + name + "' not found: the server has no --adapters directory");
        }
        Path dir = root.resolve(name);
        try {
            Path real = dir.toRealPath();
            if (!real.getParent().equals(root) || !Files.isDirectory(real)) {
                throw new ApiException(404, "not_found_error", "adapter", "adapter '" + name + "' not found in the adapters directory");
            }
            return real;
        } catch (IOException e) {
            throw new ApiException(404, "not_found_error", "adapter", "adapter '" + name + "' not found in the adapters directory");
        }
    }

    /** Loads every adapter directory under the root (at start-up). */
    public List<String> loadAll() {
        List<String> names = new ArrayList<>();
        if (root == null) {
            return names;
        }
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches())
                    .sorted().forEach(names::add);
        } catch (IOException e) {
            throw new IllegalArgumentException("--adapters " + root + ": cannot list (" + e.getMessage() + ")");
        }
        names.forEach(this::load);
        return names;
    }

    /** Loads (or reloads) adapter {@code name} from its directory. */
    public void load(String name) {
        Path dir = directoryOf(name);
        modelLock.lock();
        try {
            synchronized (loaded) {
                if (loaded.contains(name)) {
                    runtime.unload(name);
                    loaded.remove(name);
                }
            }
            runtime.load(name, dir);
            synchronized (loaded) {
                loaded.add(name);
            }
        } catch (ApiException | UnsupportedOperationException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiException(422, "invalid_request_error", "adapter", "adapter '" + name + "' cannot be loaded: " + e.getMessage());
        } finally {
            modelLock.unlock();
        }
    }

    /** Unloads adapter {@code name} (404 when it is not loaded). */
    public void unload(String name) {
        validName(name, "name");
        modelLock.lock();
        try {
            synchronized (loaded) {
                if (!loaded.remove(name)) {
                    throw new ApiException(404, "not_found_error", "adapter", "adapter '" + name + "' is not loaded");
                }
            }
            runtime.unload(name);
        } finally {
            modelLock.unlock();
        }
    }

    /** Checks that a request's adapter is loaded (404 otherwise); null means the base model. */
    public String require(String name, String param) {
        if (name == null) {
            return null;
        }
        validName(name, param);
        synchronized (loaded) {
            if (!loaded.contains(name)) {
                throw new ApiException(404, "not_found_error", param, "adapter '" + name + "' is not loaded; loaded: " + loaded);
            }
        }
        return name;
    }

    public boolean isLoaded(String name) {
        synchronized (loaded) {
            return loaded.contains(name);
        }
    }

    public List<String> names() {
        synchronized (loaded) {
            return List.copyOf(loaded);
        }
    }

    AdapterRuntime runtime() {
        return runtime;
    }
}
