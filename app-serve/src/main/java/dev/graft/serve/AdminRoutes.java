package dev.graft.serve;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * {@code POST /admin/adapters/{name}} loads an adapter from the adapters directory, {@code DELETE}
 * unloads it. Both need {@code Authorization: Bearer <--admin-token>}; without a token configured the
 * routes answer 404, as if absent.
 */
final class AdminRoutes {
    private final AdapterRegistry adapters;
    private final byte[] token;

    AdminRoutes(AdapterRegistry adapters, String token) {
        this.adapters = adapters;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void load(Context ctx) {
        authorize(ctx);
        String name = AdapterRegistry.validName(ctx.pathParam("name"), "name");
        try {
            adapters.load(name);
        } catch (UnsupportedOperationException e) {
            throw new ApiException(501, "not_implemented", "name", e.getMessage());
        }
        ctx.json(Map.of("loaded", name, "adapters", adapters.names()));
    }

    void unload(Context ctx) {
        authorize(ctx);
        String name = AdapterRegistry.validName(ctx.pathParam("name"), "name");
        adapters.unload(name);
        ctx.json(Map.of("unloaded", name, "adapters", adapters.names()));
    }

    private void authorize(Context ctx) {
        if (token == null) {
            throw new ApiException(404, "not_found_error", null, "admin routes are off (start the server with --admin-token)");
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiException(401, "authentication_error", null, "admin routes need Authorization: Bearer <admin token>",
                    Map.of("WWW-Authenticate", "Bearer"));
        }
    }
}
