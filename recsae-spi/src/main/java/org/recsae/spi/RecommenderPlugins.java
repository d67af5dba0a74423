package org.recsae.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The plugins on the class path, by name. */
public final class RecommenderPlugins {
    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final TreeMap<String, RecommenderPlugin> byName = new TreeMap<>();

    private RecommenderPlugins(Iterable<RecommenderPlugin> plugins) {
        for (RecommenderPlugin plugin : plugins) {
            String name = plugin.name();
            if (name == null || !VALID_NAME.matcher(name).matches()) {
                throw new RuntimeFailureException("plugin " + plugin.getClass().getName() + " has an invalid name '"
                        + name + "': expected lower case letters, digits and dashes");
            }
            RecommenderPlugin previous = byName.putIfAbsent(name, plugin);
            if (previous != null && previous.getClass() != plugin.getClass()) {
                throw new RuntimeFailureException("two plugins are named '" + name + "': "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
    }

    /** Every plugin registered with ServiceLoader on the class loader of this class. */
    public static RecommenderPlugins discover() {
        return new RecommenderPlugins(ServiceLoader.load(RecommenderPlugin.class, RecommenderPlugins.class.getClassLoader()));
    }

    public static RecommenderPlugins of(List<RecommenderPlugin> plugins) {
        return new RecommenderPlugins(plugins);
    }

    public List<RecommenderPlugin> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The plugin of that name; an unknown name is a usage error that lists the names available. */
    public RecommenderPlugin forName(String name) {
        RecommenderPlugin plugin = byName.get(name);
        if (plugin == null) {
            throw new UsageException("no recommender plugin named '" + name + "'; available: "
                    + (byName.isEmpty() ? "none (is a plugin jar on the class path?)" : String.join(", ", byName.keySet())));
        }
        return plugin;
    }
}
