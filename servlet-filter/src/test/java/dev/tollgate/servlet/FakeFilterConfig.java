package dev.tollgate.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** A {@link FilterConfig} with init-params and a servlet context holding only context-params. */
final class FakeFilterConfig implements FilterConfig {
  private final Map<String, String> initParams;
  private final ServletContext context;

  FakeFilterConfig(Map<String, String> initParams, Map<String, String> contextParams) {
    this.initParams = Map.copyOf(initParams);
    Map<String, String> params = Map.copyOf(contextParams);
    this.context =
        (ServletContext)
            Proxy.newProxyInstance(
                ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getInitParameter")) {
                    return params.get((String) args[0]);
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
  }

  @Override
  public String getFilterName() {
    return "tollgate";
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public String getInitParameter(String name) {
    return initParams.get(name);
  }

  @Override
  public Enumeration<String> getInitParameterNames() {
    return Collections.enumeration(initParams.keySet());
  }
}
