package org.ordermesh.node.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operator's console at {@value #PATH}: static files from the node's jar ({@code console/} on the class
 * path), which sign in and read the admin endpoints themselves. The pages run no inline script and load
 * nothing from elsewhere, and the policy says so to the browser.
 */
public final class ConsoleRoutes {

  public static final String PATH = "/console";
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

  private ConsoleRoutes() {
  }

  public static void mount(Router router) {
    // relative asset paths need the slash
    router.getWithRegex("^" + PATH + "$").handler(ctx -> ctx.redirect(PATH + "/"));
    router.get(PATH + "/*").handler(ctx -> {
      ctx.response()
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    }).handler(StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(false));
  }
}
