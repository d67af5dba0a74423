package org.recsae.spi;

import java.util.List;
import java.util.ServiceLoader;

/** The plugins on the class path, by name. */
public final class RecommenderPlugins {
    private final NamedProviders<RecommenderPlugin> byName;

    private RecommenderPlugins(Iterable<RecommenderPlugin> plugins) {
        this.byName = new NamedProviders<>("recommender plugin", plugins, RecommenderPlugin::name);
    }

    /** Every plugin registered with ServiceLoader on the class loader of this class. */
    public static RecommenderPlugins discover() {
        return new RecommenderPlugins(ServiceLoader.load(RecommenderPlugin.class, RecommenderPlugins.class.getClassLoader()));
    }

    public static RecommenderPlugins of(List<RecommenderPlugin> plugins) {
        return new RecommenderPlugins(plugins);
    }

    public List<RecommenderPlugin> all() {
        return byName.all();
    }

    public List<String> names() {
        return byName.names();
    }

    /** The plugin of that name; an unknown name is a usage error that lists the names available. */
    public RecommenderPlugin forName(String name) {
        return byName.forName(name);
    }
}
