package dev.poco.app.web;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the web UI: files from {@code static/} (hashed assets cached for a year), and
 * {@code index.html} for any other GET outside the API, so client-side routes such as
 * {@code /s/<session>} survive a reload, gzip-compressed for browsers that accept it
 * ({@link GzipResourceResolver}). API, actuator and docs paths never fall back: an unknown API
 * route stays poco's 404.
 */
@Configuration(proxyBeanMethods = false)
class SpaConfiguration implements WebMvcConfigurer {

    private static final String[] NO_FALLBACK = {"api/", "actuator", "docs", "openapi", "swagger", "v3/", "error"};

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        GzipResourceResolver gzip = new GzipResourceResolver();
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(gzip);
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(gzip)
                .addResolver(new SpaResolver());
    }

    private static final class SpaResolver extends PathResourceResolver {
        @Override
        protected @Nullable Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource requested = location.createRelative(resourcePath);
            if (requested.exists() && requested.isReadable() && !resourcePath.isEmpty()) {
                return requested;
            }
            for (String prefix : NO_FALLBACK) {
                if (resourcePath.startsWith(prefix)) {
                    return null;
                }
            }
            if (resourcePath.startsWith("assets/") || resourcePath.contains(".") && !resourcePath.endsWith(".html")) {
                return null; // a missing file is a 404, not the app
            }
            Resource index = new ClassPathResource("static/index.html");
            return index.exists() ? index : null;
        }
    }
}
